package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.waymark.RealHttp.ADMIN;
import static org.waymark.RealHttp.KIM;
import static org.waymark.RealHttp.SAM;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.RealHttp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A caseload over real HTTP, as a script with HTTP Basic drives it: internal notes, assigning, transferring and
 * releasing, reopening, searching every case, and a patient's other cases; patients through the widget's own API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CaseloadApiTest {
    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    Handoffs handoffs;

    RealHttp http;

    @BeforeEach
    void setUp() {
        http = new RealHttp(port, json);
    }

    HttpResponse<String> post(String path, Object body, String who) {
        return http.send(http.postJson(path, body, who));
    }

    HttpResponse<String> postEmpty(String path, String who) {
        return http.send(HttpRequest.newBuilder(http.url(path)).header("Authorization", who)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    JsonNode one(String id) {
        HttpResponse<String> r = http.get("/api/handoffs/" + id, SAM);
        assertThat(r.statusCode()).isEqualTo(200);
        return http.json(r);
    }

    List<String> auditActions(String id) {
        return handoffs.audit(500).stream().filter(e -> id.equals(e.get("handoff"))).map(e -> e.get("action"))
                .toList();
    }

    static void assertProblem(HttpResponse<String> r, int status, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains(detail);
    }

    @Test
    void aNoteShowsInTheThreadForWorkersAndNeverReachesThePatient() {
        RealHttp.WebChat patient = http.webChat();
        String id = asksForAPerson(patient);
        String words = "Rang the surgery, GP knows her " + UUID.randomUUID();

        HttpResponse<String> added = post("/api/handoffs/" + id + "/notes", Map.of("text", "  " + words + " "), SAM);

        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode note = http.json(added);
        assertThat(note.get("from").asString()).isEqualTo("note");
        assertThat(note.get("author").asString()).isEqualTo("sam");
        assertThat(note.get("text").asString()).isEqualTo(words);
        JsonNode last = last(one(id).get("thread"));
        assertThat(last.get("from").asString()).isEqualTo("note");
        assertThat(last.get("text").asString()).isEqualTo(words);
        assertThat(patient.transcript().toString()).doesNotContain(words);
        assertThat(handoffs.thread(id)).extracting(m -> m.text()).doesNotContain(words);
        assertThat(handoffs.find(id).orElseThrow().status()).as("a note claims nothing")
                .isEqualTo(HandoffStatus.WAITING);
        assertThat(auditActions(id)).contains("noted");
        assertThat(handoffs.audit(500).toString()).as("the audit keeps no words of a note").doesNotContain(words);

        // the bot and the worker carry on as before: the note is not a reply
        assertThat(http.json(patient.says("hello?")).get("messages")).isNotNull();

        assertProblem(post("/api/handoffs/" + id + "/notes", Map.of("text", "   "), SAM), 400, "Enter the note.");
        assertProblem(post("/api/handoffs/" + id + "/notes", Map.of("text", "a".repeat(2001)), SAM), 413,
                "2000 characters or fewer");
        assertProblem(post("/api/handoffs/no-such-case/notes", Map.of("text", "x"), SAM), 404, "No handoff");
        assertThat(post("/api/handoffs/" + id + "/notes", Map.of("text", "x"), null).statusCode()).isEqualTo(401);

        // a closed case takes notes too
        assertThat(post("/api/handoffs/" + id + "/close", Map.of("outcome", "no_further_action"), SAM).statusCode())
                .isEqualTo(200);
        assertThat(post("/api/handoffs/" + id + "/notes", Map.of("text", "Called back a week later"), KIM)
                .statusCode()).isEqualTo(201);
        assertThat(last(one(id).get("thread")).get("author").asString()).isEqualTo("kim");
    }

    @Test
    void aCaseIsAssignedTransferredTakenOverAndReleasedAndOnlyItsAssigneeReplies() {
        String id = WebChatPatient.askingForAPerson(http, handoffs).id();

        JsonNode assigned = http.json(post("/api/handoffs/" + id + "/assign", Map.of("to", "kim"), SAM));
        assertThat(assigned.get("status").asString()).isEqualTo("claimed");
        assertThat(assigned.get("assignee").asString()).isEqualTo("kim");
        assertThat(handoffs.list(HandoffStatus.WAITING)).extracting(Handoff::id).doesNotContain(id);
        assertThat(handoffs.list(HandoffStatus.CLAIMED)).extracting(Handoff::id).contains(id);

        assertProblem(post("/api/handoffs/" + id + "/messages", Map.of("text", "Hello"), SAM), 403,
                "Only kim, who has claimed this conversation, or an administrator can reply to it.");
        assertProblem(post("/api/handoffs/" + id + "/assign", Map.of("to", "sam"), SAM), 403,
                "Only kim, who has claimed this conversation, or an administrator can give it to someone else.");
        assertProblem(postEmpty("/api/handoffs/" + id + "/release", SAM), 403, "can release it");
        assertProblem(post("/api/handoffs/" + id + "/assign", Map.of("to", "nobody"), KIM), 400,
                "There is no link worker called nobody.");
        assertProblem(post("/api/handoffs/" + id + "/assign", Map.of(), KIM), 400, "Select the link worker");
        assertProblem(post("/api/handoffs/" + id + "/assign", Map.of("to", "kim"), KIM), 409,
                "kim already has this conversation.");

        // kim hands it to sam, who may now reply; kim may not
        assertThat(http.json(post("/api/handoffs/" + id + "/assign", Map.of("to", "SAM"), KIM)).get("assignee")
                .asString()).isEqualTo("sam");
        assertThat(post("/api/handoffs/" + id + "/messages", Map.of("text", "Hello, I'm Sam"), SAM).statusCode())
                .isEqualTo(201);
        assertThat(post("/api/handoffs/" + id + "/messages", Map.of("text", "Hello"), KIM).statusCode())
                .isEqualTo(403);

        // an administrator takes it over, then releases it to the queue, in its place
        assertThat(http.json(post("/api/handoffs/" + id + "/assign", Map.of("to", "admin"), ADMIN)).get("assignee")
                .asString()).isEqualTo("admin");
        JsonNode released = http.json(postEmpty("/api/handoffs/" + id + "/release", ADMIN));
        assertThat(released.get("status").asString()).isEqualTo("waiting");
        assertThat(released.get("assignee").isNull()).isTrue();
        assertThat(handoffs.list(HandoffStatus.WAITING)).extracting(Handoff::id).contains(id);
        assertThat(handoffs.list(HandoffStatus.CLAIMED)).extracting(Handoff::id).doesNotContain(id);
        assertProblem(postEmpty("/api/handoffs/" + id + "/release", ADMIN), 409, "nothing to release");
        // anyone claims it again
        assertThat(postEmpty("/api/handoffs/" + id + "/claim", KIM).statusCode()).isEqualTo(200);

        assertThat(auditActions(id)).contains("assigned", "transferred", "released", "claimed");
        assertThat(handoffs.audit(500)).filteredOn(e -> id.equals(e.get("handoff"))
                && "transferred".equals(e.get("action"))).extracting(e -> e.get("detail"))
                .contains("from kim to sam", "from sam to admin");
        assertThat(post("/api/handoffs/" + id + "/assign", Map.of("to", "sam"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void aClosedCaseIsReopenedWithHowItEndedKeptAndThePatientsNextWordsReachTheWorker() {
        RealHttp.WebChat patient = http.webChat();
        String id = asksForAPerson(patient);
        assertThat(postEmpty("/api/handoffs/" + id + "/claim", SAM).statusCode()).isEqualTo(200);
        assertProblem(postEmpty("/api/handoffs/" + id + "/reopen", SAM), 409, "This conversation is not closed.");
        assertThat(post("/api/handoffs/" + id + "/close", Map.of("outcome", "signposted_elsewhere",
                "note", "Gave the carers' centre number"), SAM).statusCode()).isEqualTo(200);
        assertProblem(post("/api/handoffs/" + id + "/assign", Map.of("to", "kim"), SAM), 409, "reopen it first");

        JsonNode reopened = http.json(postEmpty("/api/handoffs/" + id + "/reopen", KIM));

        assertThat(reopened.get("status").asString()).isEqualTo("claimed");
        assertThat(reopened.get("assignee").asString()).isEqualTo("kim");
        assertThat(reopened.get("outcome").isNull()).isTrue();
        assertThat(handoffs.list(HandoffStatus.CLOSED)).extracting(Handoff::id).doesNotContain(id);
        assertThat(handoffs.list(HandoffStatus.CLAIMED)).extracting(Handoff::id).contains(id);
        JsonNode history = last(one(id).get("thread"));
        assertThat(history.get("from").asString()).isEqualTo("note");
        assertThat(history.get("text").asString()).startsWith("Reopened by kim. It had been closed on ")
                .contains("Signposted elsewhere").contains("Gave the carers' centre number");
        assertThat(auditActions(id)).contains("closed", "reopened");

        // the patient's next message goes to kim's thread, and the bot stays quiet
        assertThat(http.json(patient.says("thanks, can we talk again?")).get("messages")).isEmpty();
        assertThat(handoffs.thread(id)).extracting(m -> m.text()).contains("thanks, can we talk again?");
        assertThat(post("/api/handoffs/" + id + "/messages", Map.of("text", "Of course, I'm Kim"), KIM).statusCode())
                .isEqualTo(201);
    }

    @Test
    void casesAreFoundByWordsStatusPriorityNeedChannelWorkerAndDay() {
        String tag = "allotment" + UUID.randomUUID().toString().substring(0, 8);
        RealHttp.WebChat first = http.webChat();
        first.says("yes");
        first.says("I'd like to find an " + tag + " and meet people");
        first.says("PERSON");
        Handoff mine = handoffs.list(HandoffStatus.WAITING).stream().filter(h -> first.sessionId.equals(h.address()))
                .findFirst().orElseThrow();
        String other = WebChatPatient.askingForAPerson(http, handoffs).id();

        assertThat(ids(http.get("/api/handoffs?status=all&q=" + tag, SAM))).containsExactly(mine.id());
        assertThat(ids(http.get("/api/handoffs?q=" + tag.toUpperCase(), SAM))).as("waiting by default, any case")
                .containsExactly(mine.id());
        assertThat(ids(http.get("/api/handoffs?status=closed&q=" + tag, SAM))).isEmpty();
        assertThat(ids(http.get("/api/handoffs?status=open&priority=routine&channel=webchat", SAM)))
                .contains(mine.id(), other);
        assertThat(ids(http.get("/api/handoffs?status=all&channel=sms&q=" + tag, SAM))).isEmpty();
        assertThat(ids(http.get("/api/handoffs?status=all&priority=emergency&q=" + tag, SAM))).isEmpty();
        String day = mine.openedAt().atZone(org.waymark.practice.OpeningTimes.UK).toLocalDate().toString();
        assertThat(ids(http.get("/api/handoffs?status=all&from=" + day + "&to=" + day + "&q=" + tag, SAM)))
                .containsExactly(mine.id());
        assertThat(ids(http.get("/api/handoffs?status=all&to=2000-01-01&q=" + tag, SAM))).isEmpty();
        if (!mine.summary().needs().isEmpty()) {
            String need = mine.summary().needs().get(0);
            assertThat(ids(http.get("/api/handoffs?status=all&need=" + need + "&q=" + tag, SAM)))
                    .containsExactly(mine.id());
        }
        String absent = java.util.Arrays.stream(org.waymark.taxonomy.Need.values()).map(n -> n.code())
                .filter(c -> !mine.summary().needs().contains(c)).findFirst().orElseThrow();
        assertThat(ids(http.get("/api/handoffs?status=all&need=" + absent + "&q=" + tag, SAM))).isEmpty();

        // by worker, and once closed among the closed ones
        post("/api/handoffs/" + mine.id() + "/assign", Map.of("to", "kim"), SAM);
        assertThat(ids(http.get("/api/handoffs?status=claimed&worker=kim&q=" + tag, SAM))).containsExactly(mine.id());
        assertThat(ids(http.get("/api/handoffs?status=claimed&worker=sam&q=" + tag, SAM))).isEmpty();
        post("/api/handoffs/" + mine.id() + "/close", Map.of("outcome", "referred_to_activity"), KIM);
        assertThat(ids(http.get("/api/handoffs?status=closed", SAM))).contains(mine.id()).doesNotContain(other);
        assertThat(ids(http.get("/api/handoffs?status=closed&q=" + tag + "+referred", SAM)))
                .as("every word, in how it ended too").containsExactly(mine.id());

        assertProblem(http.get("/api/handoffs?status=lost", SAM), 400, "status must be waiting, claimed or closed");
        assertProblem(http.get("/api/handoffs?priority=high", SAM), 400, "priority must be emergency");
        assertProblem(http.get("/api/handoffs?need=rent", SAM), 400, "need must be one of");
        assertProblem(http.get("/api/handoffs?channel=pigeon", SAM), 400, "channel must be sms or webchat");
        assertProblem(http.get("/api/handoffs?from=21/11/2026", SAM), 400, "YYYY-MM-DD");
        assertProblem(http.get("/api/handoffs?from=2026-11-21&to=2026-11-20", SAM), 400, "to must be");
    }

    @Test
    void aPatientsEarlierCasesAreBesideTheCurrentOne() {
        RealHttp.WebChat patient = http.webChat();
        String earlier = asksForAPerson(patient);
        post("/api/handoffs/" + earlier + "/close", Map.of("outcome", "no_further_action", "handBack", true), SAM);
        patient.says("PERSON");
        String now = handoffs.list(HandoffStatus.WAITING).stream()
                .filter(h -> patient.sessionId.equals(h.address())).findFirst().orElseThrow().id();
        assertThat(now).isNotEqualTo(earlier);

        JsonNode others = one(now).get("otherCases");

        assertThat(others).hasSize(1);
        assertThat(others.get(0).get("id").asString()).isEqualTo(earlier);
        assertThat(others.get(0).get("outcome").asString()).isEqualTo("no_further_action");
        assertThat(one(earlier).get("otherCases").get(0).get("id").asString()).isEqualTo(now);
        assertThat(one(WebChatPatient.askingForAPerson(http, handoffs).id()).get("otherCases")).isEmpty();
    }

    /** The patient asks for a person; their handoff's id, waiting. */
    private String asksForAPerson(RealHttp.WebChat patient) {
        patient.says("yes");
        patient.says("PERSON");
        return handoffs.list(HandoffStatus.WAITING).stream().filter(h -> patient.sessionId.equals(h.address()))
                .findFirst().orElseThrow().id();
    }

    private List<String> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        http.json(r).forEach(n -> out.add(n.get("id").asString()));
        return out;
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
