package org.waymark.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import org.waymark.conversation.Conversations;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.HandoffStatus;
import org.waymark.handoff.Handoffs;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The review queue from real turns, corrections through the API and the page, their export and their erasure. */
@SpringBootTest
@ActiveProfiles("test")
class ReviewQueueTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    Conversations conversations;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    JsonMapper json;

    MockMvc mvc;

    @Autowired
    ModelGate gate;
    @Autowired
    Handoffs handoffs;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        // the models as shipped, and no corrections another test class left (one Redis per JVM): a correction
        // takes its message out of the queue, and a retrained model may read the "unsure" message surely
        redis.del(ReviewQueue.correctionsKey("riverside"));
        gate.rollBack(0);
    }

    /** A new web chat patient who has said yes to carrying on. */
    String afterConsent() {
        String address = "review-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, address, null);
        say(address, "yes");
        return address;
    }

    void say(String address, String text) {
        conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, text, UUID.randomUUID().toString()));
    }

    /** The patient's message with these words, from the practice's review queue. */
    JsonNode queued(String text) throws Exception {
        JsonNode q = json.readTree(mvc.perform(get("/api/review").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        for (JsonNode i : q.get("items")) {
            if (i.get("text").asString().equals(text)) {
                return i;
            }
        }
        return null;
    }

    String patientMessageId(String address, String text) {
        return conversations.transcript(Channel.WEBCHAT, address).stream()
                .filter(m -> "patient".equals(m.from()) && text.equals(m.text())).map(OutboundMessage::id)
                .findFirst().orElseThrow();
    }

    /**
     * A case closed with no further action after the bot raised a crisis puts the bot's reading in question: that
     * session's risky message is queued, found through the patient's index; the patient's earlier session is not.
     */
    @Test
    void aCrisisClosedWithNoFurtherActionIsQueuedForReview() throws Exception {
        String address = "review-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, address, null);
        say(address, "yes");
        String earlier = "I took an overdose an hour ago " + address.substring(7, 12);
        say(address, earlier);
        String first = handoffs.list(HandoffStatus.WAITING).stream().filter(h -> address.equals(h.address()))
                .findFirst().orElseThrow().id();
        handoffs.claim(first, "lw");
        handoffs.close(first, "lw", "referred_to_activity", null, false);
        conversations.start(Channel.WEBCHAT, address, null);
        String words = "I have the pills in my hand and I am taking them all tonight " + address.substring(7, 12);
        say(address, words);
        Handoff second = handoffs.list(HandoffStatus.WAITING).stream().filter(h -> address.equals(h.address()))
                .findFirst().orElseThrow();
        assertThat(queued(words)).as("not queued before the close").isNull();

        handoffs.claim(second.id(), "lw");
        handoffs.close(second.id(), "lw", "no_further_action", null, false);
        JsonNode item = queued(words);
        assertThat(item).isNotNull();
        assertThat(item.get("reasons").toString()).contains("outcome");
        assertThat(queued(earlier)).as("another session's crisis, closed otherwise, stays out").isNull();
        assertThat(redis.exists(ReviewQueue.sessionKey(second.sessionId())))
                .as("one index a message: the patient's").isFalse();
    }

    /** A check asked in place of the rules' crisis is queued with both reasons, in words on the review page. */
    @Test
    void aCheckAskedInPlaceOfTheRulesCrisisIsQueuedAsSuch() throws Exception {
        String address = afterConsent();
        // the same words each run: a random tail would move the nets' reading, and with it whether it is tempered
        String words = "the neighbours are having their kitchen done, drilling since 7am, i'll kill them";
        say(address, words);
        JsonNode item = queued(words);
        assertThat(item).isNotNull();
        assertThat(item.get("reasons").toString()).contains("check").contains("tempered");
        assertThat(item.get("risk").get("level").asString()).isEqualTo("check");
        String page = mvc.perform(get("/workers/review").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<span>Check question asked</span>; <span>Asked instead of a crisis reply")
                .doesNotContain("<span>tempered</span>");
        JsonNode parsed = json.readTree(mvc.perform(post("/api/nlu/parse").with(user("lw").roles("WORKER"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(java.util.Map.of("text", words))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(parsed.get("risk").get("level").asString()).isEqualTo("check");
        assertThat(parsed.get("risk").get("instead_of").asString()).isEqualTo("emergency");
    }

    @Test
    void aMessageTheBotWasUnsureOfIsQueuedMaskedAndACorrectionTakesItOut() throws Exception {
        String address = afterConsent();
        String words = "the residents committee never replies to my emails";
        say(address, words);
        say(address, "purple elephants on tuesday " + address.substring(7, 12));
        JsonNode item = queued(words);
        assertThat(item).as("a message that led to the needs menu or was out of scope is queued").isNotNull();
        assertThat(item.get("reasons").toString()).containsAnyOf("menu", "out_of_scope", "unsure");
        assertThat(item.get("patient").asString()).isEqualTo("web chat " + address.substring(0, 6))
                .doesNotContain(address);

        String page = mvc.perform(get("/workers/review").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(words).contains("web chat " + address.substring(0, 6)).doesNotContain(address)
                .contains("This was risk").contains("Not risk");

        String id = item.get("id").asString();
        String bad = mvc.perform(post("/api/review/" + id).with(user("lw").roles("WORKER"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"needs\": [\"gardening\"]}"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(bad).contains("Unknown need \\\"gardening\\\"");
        assertThat(queued(words)).as("a refused correction leaves the message queued").isNotNull();

        mvc.perform(post("/api/review/" + id).with(user("lw").roles("WORKER"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"needs\": [\"nature_gardening\"]}"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/review/" + id).with(user("lw").roles("WORKER"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"intent\": \"inform\"}"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/review/" + id).with(user("lw").roles("WORKER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"risk\": {\"category\": \"harm_to_others\", \"level\": \"soon\"}}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/review/" + id).with(user("lw").roles("WORKER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"risk\": {\"category\": \"harm_to_others\", \"level\": \"urgent\"}}"))
                .andExpect(status().isOk());
        assertThat(queued(words)).as("corrected, it leaves the queue").isNull();
        JsonNode c = json.readTree(redis.hget(ReviewQueue.correctionsKey("riverside"), id));
        assertThat(c.get("needs").toString()).isEqualTo("[\"nature_gardening\"]");
        assertThat(c.get("intent").asString()).isEqualTo("inform");
        assertThat(c.get("by").asString()).isEqualTo("lw");
        assertThat(c.get("riskCategory").asString()).isEqualTo("harm_to_others");
        assertThat(c.get("riskLevel").asString()).isEqualTo("urgent");
    }

    @Test
    void aWorkerFlagsAMessageFromAThreadAndOnlyTheirOwnWordsAreExportedOrKeptAfterErasure() throws Exception {
        String address = "review-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, address, null);
        String confident = "I'd like to meet new people " + address.substring(7, 11);
        say(address, confident);
        String id = patientMessageId(address, confident);
        assertThat(queued(confident)).as("a message the bot was sure of is not queued").isNull();
        mvc.perform(post("/api/review/" + id + "/flag").with(user("lw").roles("WORKER")).with(csrf()))
                .andExpect(status().isOk());
        assertThat(queued(confident).get("reasons").toString()).contains("flagged");
        assertThat(queued(confident).get("flaggedBy").asString()).isEqualTo("lw");

        // the page's one-click correction, with the worker's own words
        String own = "wants to get into walking groups " + address.substring(7, 11);
        mvc.perform(post("/workers/review/" + id).with(user("lw").roles("WORKER")).with(csrf())
                        .param("action", "needs").param("needs", "physical_activity").param("ownWords", own))
                .andExpect(status().is3xxRedirection());
        // a second message corrected with no own words, and one whose own words copy a kept-apart line
        String second = "the bus never comes " + address.substring(7, 11);
        say(address, second);
        String id2 = patientMessageId(address, second);
        mvc.perform(post("/api/review/" + id2).with(user("lw").roles("WORKER"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"notRisk\": true}"))
                .andExpect(status().isOk());

        String needsYml = mvc.perform(get("/api/review/export/needs.yml").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(needsYml).contains("- needs: [physical_activity]").contains("\"" + own + "\"")
                .doesNotContain(confident);
        String riskTsv = mvc.perform(get("/api/review/export/risk.tsv").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(riskTsv).startsWith("label\ttext\n").doesNotContain(second);

        say(address, "FORGET");
        assertThat(redis.exists(ReviewQueue.itemKey(id))).isFalse();
        assertThat(redis.hget(ReviewQueue.correctionsKey("riverside"), id2)).as("no own words: deleted").isNull();
        JsonNode kept = json.readTree(redis.hget(ReviewQueue.correctionsKey("riverside"), id));
        assertThat(kept.get("text").isNull()).as("the patient's words are gone").isTrue();
        assertThat(kept.get("ownWords").asString()).isEqualTo(own);
    }

    @Test
    void aCorrectionCopyingAKeptApartLineIsNeverExported() {
        TrainingLines lines = TrainingLines.keptApartIn(java.nio.file.Path.of("nlp-models/kept-apart"));
        assertThat(lines.copiesKeptApart("Well, staring at the four walls from morning till night, that's me"))
                .isTrue();
        assertThat(lines.copiesKeptApart("purple elephants dance on my allotment shed")).isFalse();
    }

    @Test
    void theQueueNeedsASignIn() throws Exception {
        mvc.perform(get("/api/review")).andExpect(status().isUnauthorized());
        mvc.perform(get("/workers/review")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/workers/review").with(user("lw").roles("WORKER"))).andExpect(status().isOk());
    }
}
