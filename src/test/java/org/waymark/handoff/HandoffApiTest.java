package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The link worker JSON API against the real conversation: patients ask for a person through the web chat API. */
@SpringBootTest
@ActiveProfiles("test")
class HandoffApiTest {
    static final RequestPostProcessor ADMIN = httpBasic("admin", "test-admin-password");
    static final RequestPostProcessor SAM = user("sam").roles("WORKER");

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

    Handoff handoffOf(WebChatPatient p) {
        return p.openHandoff(handoffs);
    }

    @Test
    void withoutCredentialsTheApiAnswers401() throws Exception {
        mvc.perform(get("/api/handoffs")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/handoffs/anything/claim")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/handoffs/anything/messages").contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"hi\"}")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/handoffs").with(httpBasic("admin", "wrong"))).andExpect(status().isUnauthorized());
    }

    @Test
    void aWebChatPatientWhoAsksForAPersonIsInTheQueueMasked() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);

        JsonNode queue = json.readTree(mvc.perform(get("/api/handoffs?status=waiting").with(ADMIN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        JsonNode mine = find(queue, p.masked());
        assertThat(mine).as("queue entry for %s", p.masked()).isNotNull();
        assertThat(mine.get("priority").asString()).isEqualTo("routine");
        assertThat(mine.get("reason").asString()).isEqualTo("asked_for_person");
        assertThat(mine.get("status").asString()).isEqualTo("waiting");
        assertThat(queue.toString()).doesNotContain(p.sessionId);
    }

    @Test
    void queueListsEmergencyThenUrgentThenRoutineAndOldestFirstWithin() throws Exception {
        WebChatPatient routineOlder = WebChatPatient.askingForAPerson(mvc, json);
        WebChatPatient routineNewer = WebChatPatient.askingForAPerson(mvc, json);
        WebChatPatient urgent = WebChatPatient.start(mvc, json);
        urgent.says("yes");
        urgent.says("i want to kil myself");
        WebChatPatient emergency = WebChatPatient.start(mvc, json);
        emergency.says("yes");
        emergency.says("I've taken 30 paracetamol");

        JsonNode queue = json.readTree(mvc.perform(get("/api/handoffs").param("status", "waiting").with(ADMIN))
                .andReturn().getResponse().getContentAsString());
        List<String> order = new ArrayList<>();
        queue.forEach(n -> order.add(n.get("patient").asString()));
        List<String> ours = order.stream().filter(List.of(routineOlder.masked(), routineNewer.masked(),
                urgent.masked(), emergency.masked())::contains).toList();

        assertThat(ours).containsExactly(emergency.masked(), urgent.masked(), routineOlder.masked(),
                routineNewer.masked());
        assertThat(find(queue, emergency.masked()).get("priority").asString()).isEqualTo("emergency");
        assertThat(find(queue, urgent.masked()).get("priority").asString()).isEqualTo("urgent");
    }

    @Test
    void ofTwoRacingClaimsExactlyOneWins() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);
        String id = handoffOf(p).id();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> claims = List.of(
                    () -> claimAfter(start, id, ADMIN),
                    () -> claimAfter(start, id, SAM));
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> c : claims) {
                results.add(pool.submit(c));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        Handoff claimed = handoffs.find(id).orElseThrow();
        assertThat(claimed.status()).isEqualTo(HandoffStatus.CLAIMED);
        assertThat(claimed.assignee()).isIn("admin", "sam");
        assertThat(handoffs.audit(50)).filteredOn(e -> id.equals(e.get("handoff")) && "claimed".equals(e.get("action")))
                .hasSize(1);
    }

    private int claimAfter(CountDownLatch start, String id, RequestPostProcessor who) throws Exception {
        start.await();
        return mvc.perform(post("/api/handoffs/{id}/claim", id).with(who)).andReturn().getResponse().getStatus();
    }

    @Test
    void aSecondClaimIsAProblemNamingWhoHasIt() throws Exception {
        String id = handoffOf(WebChatPatient.askingForAPerson(mvc, json)).id();
        mvc.perform(post("/api/handoffs/{id}/claim", id).with(SAM)).andExpect(status().isOk())
                .andExpect(jsonPath("$.assignee").value("sam"));

        mvc.perform(post("/api/handoffs/{id}/claim", id).with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("This conversation has already been claimed by sam."));
        mvc.perform(post("/api/handoffs/{id}/claim", "no-such-handoff").with(ADMIN)).andExpect(status().isNotFound());
    }

    @Test
    void theWorkersReplyReachesThePatientsTranscriptAndTheBotStaysSilent() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);
        String id = handoffOf(p).id();
        mvc.perform(post("/api/handoffs/{id}/claim", id).with(ADMIN)).andExpect(status().isOk());

        mvc.perform(post("/api/handoffs/{id}/messages", id).with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"text\":\"Hello, I'm Sam, a link worker\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.from").value("worker"));

        List<JsonNode> transcript = p.transcript();
        assertThat(transcript).last().satisfies(m -> {
            assertThat(m.get("from").asString()).isEqualTo("worker");
            assertThat(m.get("text").asString()).isEqualTo("Hello, I'm Sam, a link worker");
        });
        assertThat(p.says("thanks Sam, when can we talk?")).as("the bot while a worker has it").isEmpty();
        assertThat(handoffs.thread(id)).extracting(m -> m.text()).contains("Hello, I'm Sam, a link worker",
                "thanks Sam, when can we talk?");
    }

    @Test
    void aYesToTheWorkerAnswersTheWorkerNotTheBotsEarlierQuestionAboutEnding() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);
        String id = handoffOf(p).id();
        assertThat(p.says("leave me alone")).anyMatch(t -> t.contains("Do you want to end this chat?"));
        mvc.perform(post("/api/handoffs/{id}/messages", id).with(SAM).contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"Hello, I'm Sam. Shall I call you tomorrow morning?\"}"))
                .andExpect(status().isCreated());

        assertThat(p.says("yes")).as("the bot stays quiet: the worker has it").isEmpty();

        assertThat(handoffs.find(id).orElseThrow().open()).isTrue();
        assertThat(p.says("thank you")).isEmpty();
        assertThat(handoffs.thread(id)).extracting(m -> m.text()).contains("yes", "thank you");
    }

    @Test
    void aYesToTheBotsQuestionAboutEndingWhileWaitingEndsTheChat() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);
        String id = handoffOf(p).id();
        assertThat(p.says("I don't want this anymore, leave me alone"))
                .anyMatch(t -> t.contains("Do you want to end this chat?"));

        assertThat(p.says("yes")).anyMatch(t -> t.contains("won't get any more messages"));
        assertThat(handoffs.thread(id)).extracting(m -> m.text()).anyMatch(t -> t.contains("won't get any more"));
    }

    @Test
    void onlyTheWorkerWhoHasTheConversationOrAnAdminReplies() throws Exception {
        String id = handoffOf(WebChatPatient.askingForAPerson(mvc, json)).id();
        mvc.perform(post("/api/handoffs/{id}/claim", id).with(SAM)).andExpect(status().isOk());

        mvc.perform(post("/api/handoffs/{id}/messages", id).with(user("alex").roles("WORKER"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"Hello\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Only sam, who has claimed this conversation, or an "
                        + "administrator can reply to it."));
        mvc.perform(post("/api/handoffs/{id}/messages", id).with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"Hello, I'm the practice manager\"}")).andExpect(status().isCreated());
        assertThat(handoffs.find(id).orElseThrow().assignee()).as("an admin's reply leaves the claim").isEqualTo("sam");
        mvc.perform(post("/api/handoffs/{id}/messages", id).with(SAM).contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"   \"}")).andExpect(status().isBadRequest());
        mvc.perform(post("/api/handoffs/{id}/messages", id).with(SAM).contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"" + "a".repeat(1001) + "\"}")).andExpect(status().isPayloadTooLarge());
    }

    @Test
    void replyingToAWaitingConversationClaimsIt() throws Exception {
        String id = handoffOf(WebChatPatient.askingForAPerson(mvc, json)).id();

        mvc.perform(post("/api/handoffs/{id}/messages", id).with(SAM).contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"Hello, I'm Sam\"}")).andExpect(status().isCreated());

        assertThat(handoffs.find(id).orElseThrow().assignee()).isEqualTo("sam");
    }

    @Test
    void closingWithAnUnknownOutcomeIsABadRequest() throws Exception {
        String id = handoffOf(WebChatPatient.askingForAPerson(mvc, json)).id();

        mvc.perform(post("/api/handoffs/{id}/close", id).with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\":\"lost_interest\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("referred_to_activity")));
        assertThat(handoffs.find(id).orElseThrow().status()).isEqualTo(HandoffStatus.WAITING);
    }

    @Test
    void closingAndHandingBackLetsTheBotSpeakAgain() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);
        String id = handoffOf(p).id();
        mvc.perform(post("/api/handoffs/{id}/claim", id).with(ADMIN)).andExpect(status().isOk());
        // never silence while waiting: an honest answer, not the bot carrying on the conversation
        assertThat(p.says("are you there?")).singleElement().asString().contains("your message is with the team");

        mvc.perform(post("/api/handoffs/{id}/close", id).with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\":\"signposted_elsewhere\",\"note\":\"Gave the carers' centre number\","
                                + "\"handBack\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("closed"))
                .andExpect(jsonPath("$.outcome").value("signposted_elsewhere"));

        assertThat(p.says("I'd like to find something to do")).as("the bot after hand back").isNotEmpty();
        mvc.perform(post("/api/handoffs/{id}/close", id).with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\":\"no_further_action\"}")).andExpect(status().isConflict());
        assertThat(handoffs.list(HandoffStatus.CLOSED)).extracting(Handoff::id).contains(id);
        assertThat(handoffs.audit(100)).filteredOn(e -> id.equals(e.get("handoff")))
                .extracting(e -> e.get("action")).contains("opened", "claimed", "closed");
    }

    @Test
    void anUnknownStatusIsABadRequest() throws Exception {
        mvc.perform(get("/api/handoffs").param("status", "lost").with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("status must be waiting, claimed or closed (or open, or all)"));
    }

    private static JsonNode find(JsonNode list, String patient) {
        for (JsonNode n : list) {
            if (patient.equals(n.get("patient").asString())) {
                return n;
            }
        }
        return null;
    }
}
