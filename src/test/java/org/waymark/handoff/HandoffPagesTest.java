package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import tools.jackson.databind.json.JsonMapper;

/** The link worker dashboard's pages, server-rendered, against the real conversation and queue. */
@SpringBootTest
@ActiveProfiles("test")
class HandoffPagesTest {
    static final RequestPostProcessor SAM = user("sam").roles("WORKER");
    static final RequestPostProcessor ALEX = user("alex").roles("WORKER");
    static final RequestPostProcessor ADMIN = user("admin").roles("ADMIN", "WORKER");
    /** Her account (application-test.yml) says she speaks Bengali and Sylheti. */
    static final RequestPostProcessor KIM = user("kim").roles("WORKER");
    static final String SCRIPT = "<script>alert(1)</script>";

    @Autowired
    WebApplicationContext context;
    @Autowired
    JsonMapper json;
    @Autowired
    Handoffs handoffs;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    String handoffOf(WebChatPatient p) {
        return p.openHandoff(handoffs).id();
    }

    @Test
    void withoutSigningInTheDashboardRedirectsToTheSignInPage() throws Exception {
        for (String page : new String[] {"/workers", "/workers/handoffs/x", "/workers/events", "/workers/queue",
                "/workers/admin/audit"}) {
            mvc.perform(get(page)).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        }
    }

    @Test
    void theQueueShowsAWaitingPatientMaskedWithWhyAndHowLong() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);

        String page = mvc.perform(get("/workers").with(SAM)).andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains(p.masked()).doesNotContain(p.sessionId)
                .contains("Asked to talk to a person")
                .contains("data-handoff-id=\"" + handoffOf(p) + "\"")
                .contains("less than a minute")
                .contains("Monday to Friday, 8:30am to 6pm")
                .contains("name=\"_csrf\"")
                .contains("/workers/dashboard.js")
                .doesNotContain("<script>" + "\n").doesNotContain("style=");
        assertThat(page).as("no admin link for a link worker").doesNotContain("/workers/admin/audit");
        mvc.perform(get("/workers/queue").with(SAM)).andExpect(status().isOk())
                .andExpect(content().string(containsString(p.masked())))
                .andExpect(content().string(not(containsString("<html"))));
    }

    @Test
    void patientMarkupShowsEscapedInTheConversationView() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);
        String id = handoffOf(p);
        p.says(SCRIPT);
        p.says("<img src=x onerror=alert(2)>");

        String page = mvc.perform(get("/workers/handoffs/{id}", id).with(SAM)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(SCRIPT)
                .contains("&lt;img src=x onerror=alert(2)&gt;").doesNotContain("<img src=x");
        assertThat(handoffs.audit(50)).anySatisfy(e -> {
            assertThat(e.get("handoff")).isEqualTo(id);
            assertThat(e.get("action")).isEqualTo("viewed");
            assertThat(e.get("who")).isEqualTo("sam");
        });
    }

    @Test
    void formsWithoutACsrfTokenAreRefused() throws Exception {
        String id = handoffOf(WebChatPatient.askingForAPerson(mvc, json));

        mvc.perform(post("/workers/handoffs/{id}/claim", id).with(SAM)).andExpect(status().isForbidden());
        mvc.perform(post("/workers/handoffs/{id}/messages", id).param("text", "hi").with(SAM))
                .andExpect(status().isForbidden());
        assertThat(handoffs.find(id).orElseThrow().status()).isEqualTo(HandoffStatus.WAITING);
    }

    @Test
    void claimReplyAndCloseFromTheDashboardPostThenRedirect() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);
        String id = handoffOf(p);

        mvc.perform(post("/workers/handoffs/{id}/claim", id).with(SAM).with(csrf()))
                .andExpect(redirectedUrl("/workers/handoffs/" + id))
                .andExpect(flash().attribute("notice", containsString("You have claimed")));
        mvc.perform(post("/workers/handoffs/{id}/claim", id).with(ALEX).with(csrf()))
                .andExpect(redirectedUrl("/workers/handoffs/" + id))
                .andExpect(flash().attribute("warning", "This conversation has already been claimed by sam."));
        String alexSees = mvc.perform(get("/workers/handoffs/{id}", id).with(ALEX))
                .andReturn().getResponse().getContentAsString();
        assertThat(alexSees).contains("Claimed by sam")
                .contains("only they or an administrator can reply or close it")
                .doesNotContain("id=\"reply-text\"").doesNotContain("Close conversation");

        mvc.perform(post("/workers/handoffs/{id}/messages", id).param("text", "Hello, I'm Sam, a link worker")
                        .with(SAM).with(csrf()))
                .andExpect(redirectedUrl("/workers/handoffs/" + id + "#reply"));
        assertThat(p.transcript()).last().satisfies(m ->
                assertThat(m.get("text").asString()).isEqualTo("Hello, I'm Sam, a link worker"));
        assertThat(p.says("thank you")).as("the bot while Sam has it").isEmpty();

        mvc.perform(post("/workers/handoffs/{id}/close", id).param("outcome", "referred_to_activity")
                        .param("note", "Booked on the Tuesday walk").param("handBack", "true").with(SAM).with(csrf()))
                .andExpect(redirectedUrl("/workers"))
                .andExpect(flash().attribute("notice", containsString("referred to an activity")));
        Handoff closed = handoffs.find(id).orElseThrow();
        assertThat(closed.status()).isEqualTo(HandoffStatus.CLOSED);
        assertThat(closed.note()).isEqualTo("Booked on the Tuesday walk");
        assertThat(closed.handBack()).isTrue();
        assertThat(p.says("hello again")).as("the bot after hand back").isNotEmpty();
    }

    @Test
    void anEmptyReplyOrAMissingOutcomeIsExplainedInAnErrorSummary() throws Exception {
        String id = handoffOf(WebChatPatient.askingForAPerson(mvc, json));

        String reply = mvc.perform(post("/workers/handoffs/{id}/messages", id).param("text", "  ")
                        .with(SAM).with(csrf()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(reply).contains("There is a problem").contains("href=\"#reply-text\"")
                .contains("Enter a reply to send to the patient.").contains("aria-invalid=\"true\"")
                .contains("<title>Error: ");

        String close = mvc.perform(post("/workers/handoffs/{id}/close", id).param("note", "kept " + SCRIPT)
                        .with(SAM).with(csrf()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(close).contains("Select what happened in this conversation.")
                .contains("href=\"#outcome-referred_to_activity\"")
                .contains("kept &lt;script&gt;").doesNotContain("kept " + SCRIPT);
        assertThat(handoffs.find(id).orElseThrow().status()).isEqualTo(HandoffStatus.WAITING);
    }

    @Test
    void anUnknownConversationIsNotFound() throws Exception {
        mvc.perform(get("/workers/handoffs/{id}", "no-such-handoff").with(SAM)).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Conversation not found")));
    }

    @Test
    void theAuditTrailIsForAdminsAndSaysWhoDidWhat() throws Exception {
        String id = handoffOf(WebChatPatient.askingForAPerson(mvc, json));
        mvc.perform(get("/workers/handoffs/{id}", id).with(SAM));
        mvc.perform(post("/workers/handoffs/{id}/claim", id).with(SAM).with(csrf()));

        mvc.perform(get("/workers/admin/audit").with(SAM)).andExpect(status().isForbidden());
        String page = mvc.perform(get("/workers/admin/audit").param("handoff", id).with(ADMIN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("Audit trail").contains("viewed").contains("claimed").contains("opened")
                .contains(">sam<");
        assertThat(mvc.perform(get("/workers").with(ADMIN)).andReturn().getResponse().getContentAsString())
                .contains("/workers/admin/audit");
    }

    Handoff waitingIn(String language, Priority priority, String reason) throws InterruptedException {
        Thread.sleep(5); // a later opening, so the queue's order by time is plain
        String session = UUID.randomUUID().toString();
        return handoffs.open(new Handoffs.Request("riverside", org.waymark.messaging.Channel.WEBCHAT, session,
                session, priority, reason, new Handoff.Summary(List.of("loneliness"), "E1", "I want to meet people",
                List.of(), null, null, language), List.of()));
    }

    @Test
    void aPatientWhoChattedInALanguageTheWorkerSpeaksIsMarkedAndComesFirstWithinItsPriority() throws Exception {
        Handoff english = waitingIn(null, Priority.ROUTINE, "asked_for_person");
        Handoff bengali = waitingIn("Bengali", Priority.ROUTINE, "asked_for_person");
        Handoff polish = waitingIn("Polish", Priority.ROUTINE, "other_language");
        Handoff urgent = waitingIn(null, Priority.URGENT, "asked_for_person");

        String kimSees = mvc.perform(get("/workers").with(KIM)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(kimSees).contains("Your account says you speak Bengali and Sylheti as well as English.")
                .contains("then those in a language you speak");
        assertThat(kimSees.indexOf(row(urgent))).as("urgent still first").isLessThan(kimSees.indexOf(row(bengali)));
        assertThat(kimSees.indexOf(row(bengali))).as("Bengali before the English one that waited longer")
                .isLessThan(kimSees.indexOf(row(english)));
        assertThat(kimSees.indexOf(row(english))).isLessThan(kimSees.indexOf(row(polish)));
        String bengaliRow = rowOf(kimSees, bengali);
        assertThat(bengaliRow).contains("Language: Bengali").contains("You speak Bengali");
        assertThat(rowOf(kimSees, polish)).contains("Language: Polish")
                .contains("Wrote in a language Waymark cannot read").doesNotContain("You speak");
        assertThat(rowOf(kimSees, english)).doesNotContain("Language:").doesNotContain("You speak");
        // the live queue, swapped in by dashboard.js, is the same
        String fragment = mvc.perform(get("/workers/queue").with(KIM)).andReturn().getResponse()
                .getContentAsString();
        assertThat(fragment.indexOf(row(bengali))).isLessThan(fragment.indexOf(row(english)));

        String samSees = mvc.perform(get("/workers").with(SAM)).andReturn().getResponse().getContentAsString();
        assertThat(samSees.indexOf(row(english))).as("longest waiting first for sam")
                .isLessThan(samSees.indexOf(row(bengali)));
        assertThat(rowOf(samSees, bengali)).contains("Language: Bengali").doesNotContain("You speak");
        assertThat(samSees).doesNotContain("Your account says you speak")
                .contains("most urgent first, then longest waiting");
    }

    @Test
    void theConversationShowsThePatientsLanguagePlainlyForABengaliChatAndOneWaymarkCouldNotRead() throws Exception {
        Handoff bengali = waitingIn("Bengali", Priority.ROUTINE, "asked_for_person");
        Handoff polish = waitingIn("Polish", Priority.ROUTINE, "other_language");
        Handoff english = waitingIn(null, Priority.ROUTINE, "asked_for_person");

        String kimSees = page(bengali, KIM);
        assertThat(kimSees).contains("Language: Bengali").contains("You speak Bengali")
                .contains("They talked with Waymark in Bengali.");
        String samSees = page(bengali, SAM);
        assertThat(samSees).contains("Language: Bengali").doesNotContain("You speak")
                .contains("<option value=\"kim\">kim, speaks Bengali</option>")
                .contains("<option value=\"sam\">sam (you)</option>");
        assertThat(page(polish, SAM)).contains("Language: Polish")
                .contains("They wrote in Polish, which Waymark cannot read")
                .contains("<option value=\"kim\">kim</option>");
        assertThat(page(english, KIM)).doesNotContain("Language:").doesNotContain("You speak")
                .doesNotContain("id=\"patient-language\"");
        // a language given as a code reads as its name, and anything else is shown as text, escaped
        assertThat(page(waitingIn("bn", Priority.ROUTINE, "asked_for_person"), KIM))
                .contains("Language: Bengali").contains("You speak Bengali");
        assertThat(page(waitingIn(SCRIPT, Priority.ROUTINE, "other_language"), KIM))
                .contains("Language: &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(SCRIPT);
    }

    String page(Handoff h, RequestPostProcessor who) throws Exception {
        return mvc.perform(get("/workers/handoffs/{id}", h.id()).with(who)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    static String row(Handoff h) {
        return "data-handoff-id=\"" + h.id() + "\"";
    }

    /** The queue's line for {@code h}, from its opening tag to the next line's. */
    static String rowOf(String page, Handoff h) {
        int from = page.indexOf(row(h));
        int to = page.indexOf("</tr>", from);
        return page.substring(from, to);
    }

    @Test
    void waitingTimesReadAsWords() {
        assertThat(HandoffPages.waitingWords(Duration.ofSeconds(40))).isEqualTo("less than a minute");
        assertThat(HandoffPages.waitingWords(Duration.ofMinutes(12))).isEqualTo("12 min");
        assertThat(HandoffPages.waitingWords(Duration.ofMinutes(65))).isEqualTo("1 hr 5 min");
        assertThat(HandoffPages.waitingWords(Duration.ofHours(51))).isEqualTo("2 days 3 hr");
        assertThat(HandoffPages.reasonWords("risk", "urgent suicide_self_harm"))
                .isEqualTo("May be at risk: suicide or self-harm (urgent)");
    }
}
