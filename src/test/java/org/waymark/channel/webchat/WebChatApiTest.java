package org.waymark.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The widget's API as a client sees it, bad input included: a clear problem detail and nothing stored. */
@SpringBootTest
@ActiveProfiles("test")
class WebChatApiTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    ObjectMapper json;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    record Chat(String id, String token) {
    }

    private Chat start() throws Exception {
        String body = mvc.perform(post("/api/webchat/sessions").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/webchat/sessions/")))
                .andExpect(jsonPath("$.messages[0].from").value("bot"))
                .andExpect(jsonPath("$.messages[0].text").value(org.hamcrest.Matchers.containsString("link worker")))
                .andExpect(jsonPath("$.messages[0].options[0]").value("Yes"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode node = json.readTree(body);
        return new Chat(node.get("sessionId").asString(), node.get("token").asString());
    }

    private ResultActions say(Chat chat, String token, String body, MediaType type) throws Exception {
        return mvc.perform(post("/api/webchat/sessions/" + chat.id() + "/messages").header("X-Session-Token", token)
                .contentType(type).content(body));
    }

    private ResultActions say(Chat chat, String text) throws Exception {
        return say(chat, chat.token(), json.writeValueAsString(java.util.Map.of("text", text)),
                MediaType.APPLICATION_JSON);
    }

    private int transcriptSize(Chat chat) throws Exception {
        String body = mvc.perform(get("/api/webchat/sessions/" + chat.id() + "/messages")
                        .header("X-Session-Token", chat.token()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body).get("messages").size();
    }

    private ResultActions language(Chat chat, String token, String body) throws Exception {
        return mvc.perform(post("/api/webchat/sessions/" + chat.id() + "/language").header("X-Session-Token", token)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void theLanguageSwitchCarriesOnInBengaliAndRefusesWhatItCannotDo() throws Exception {
        mvc.perform(get("/api/webchat/languages")).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].code").value("en"))
                .andExpect(jsonPath("$[1].code").value("bn"))
                .andExpect(jsonPath("$[1].name").value("বাংলা"))
                .andExpect(jsonPath("$[1].labels.send").isNotEmpty());
        Chat chat = start();
        int before = transcriptSize(chat);
        language(chat, "wrong-token", "{\"language\":\"bn\"}").andExpect(status().isForbidden());
        language(chat, chat.token(), "{\"language\":\"xx\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Unknown language 'xx'")));
        language(chat, chat.token(), "not json").andExpect(status().isBadRequest());
        assertThat(transcriptSize(chat)).isEqualTo(before);
        // the switch: said so in Bengali, and the question it was on asked again in Bengali
        language(chat, chat.token(), "{\"language\":\"bn\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.language").value("bn"))
                .andExpect(jsonPath("$.messages[0].lang").value("bn"))
                .andExpect(jsonPath("$.messages[1].lang").value("bn"))
                .andExpect(jsonPath("$.messages[1].options[0]").value("হ্যাঁ"));
        // a quick reply in Bengali is the English one in its place: "yes" to carrying on
        say(chat, "হ্যাঁ").andExpect(status().isOk()).andExpect(jsonPath("$.language").value("bn"))
                .andExpect(jsonPath("$.messages[0].lang").value("bn"));
        mvc.perform(get("/api/webchat/sessions/" + chat.id() + "/messages").header("X-Session-Token", chat.token()))
                .andExpect(jsonPath("$.language").value("bn"));
        language(chat, chat.token(), "{\"language\":\"en\"}").andExpect(jsonPath("$.language").value("en"))
                .andExpect(jsonPath("$.messages[0].lang").doesNotExist());
        mvc.perform(post("/api/webchat/sessions/nosuchsession/language").header("X-Session-Token", chat.token())
                .contentType(MediaType.APPLICATION_JSON).content("{\"language\":\"bn\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aTurnAnswersWithTheBotsRepliesAndTheTranscriptHoldsBothSides() throws Exception {
        Chat chat = start();
        say(chat, "yes").andExpect(status().isOk())
                .andExpect(jsonPath("$.messages[0].from").value("bot"))
                .andExpect(jsonPath("$.messages[0].text").value(org.hamcrest.Matchers.containsString("matters")));
        mvc.perform(get("/api/webchat/sessions/" + chat.id() + "/messages").header("X-Session-Token", chat.token()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messages.length()").value(3))
                .andExpect(jsonPath("$.messages[1].from").value("patient"))
                .andExpect(jsonPath("$.messages[1].text").value("yes"));
    }

    @Test
    void anActivitySuggestionCarriesTheActivitiesAsData() throws Exception {
        Chat chat = start();
        say(chat, "I'm lonely and would like to meet people");
        say(chat, "yes");
        say(chat, "E1 6AN");
        String body = say(chat, "skip").andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        JsonNode activities = json.readTree(body).get("messages").get(0).get("activities");
        assertThat(activities.size()).isBetween(1, 3);
        JsonNode first = activities.get(0);
        for (String field : new String[] {"id", "name", "needs", "distanceKm", "when", "cost"}) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("needs").toString()).contains("loneliness");
    }

    @Test
    void anUnknownSessionIs404() throws Exception {
        Chat ghost = new Chat("no-such-session", "x");
        String token = context.getBean(SessionTokens.class).tokenFor(ghost.id());
        say(ghost, token, "{\"text\":\"hello\"}", MediaType.APPLICATION_JSON)
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("start a new one")));
    }

    @Test
    void aWrongOrMissingTokenIs403AndNothingIsStored() throws Exception {
        Chat chat = start();
        say(chat, "not-the-token", "{\"text\":\"hello\"}", MediaType.APPLICATION_JSON)
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("token")));
        mvc.perform(get("/api/webchat/sessions/" + chat.id() + "/messages")).andExpect(status().isForbidden());
        assertThat(transcriptSize(chat)).isEqualTo(1);
    }

    @Test
    void emptyTextIs400AndNothingIsStored() throws Exception {
        Chat chat = start();
        say(chat, "   ").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("empty")));
        assertThat(transcriptSize(chat)).isEqualTo(1);
    }

    @Test
    void textOverAThousandCharactersIs413AndNothingIsStored() throws Exception {
        Chat chat = start();
        say(chat, "a".repeat(1001)).andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("1000")));
        say(chat, "yes").andExpect(status().isOk());
        assertThat(transcriptSize(chat)).isEqualTo(3);
    }

    @Test
    void notJsonIs400WithAClearDetail() throws Exception {
        Chat chat = start();
        say(chat, chat.token(), "{text: hello", MediaType.APPLICATION_JSON)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not valid JSON")));
        assertThat(transcriptSize(chat)).isEqualTo(1);
    }

    @Test
    void anUnknownPracticeIs400() throws Exception {
        mvc.perform(post("/api/webchat/sessions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"practice\":\"nowhere\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Unknown practice")));
    }

    /** The hazard log's H07 names this test; details are for signed-in link workers only (HealthEndpointTest). */
    @Test
    void healthIncludesRedis() throws Exception {
        mvc.perform(get("/actuator/health").with(user("lw").roles("WORKER"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.redis.status").value("UP"));
    }

    @Test
    void thePracticePageEmbedsTheWidgetByOneScriptTag() throws Exception {
        String html = mvc.perform(get("/")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("Riverside Medical Centre").contains("/widget/waymark-widget.js");
    }
}
