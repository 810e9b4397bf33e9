package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.waymark.RealHttp.ADMIN;
import static org.waymark.RealHttp.SAM;

import java.net.http.HttpResponse;
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

/** Saved replies a practice manages, over real HTTP: the API link workers read, the administrators' page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CannedRepliesTest {
    static final String PAGE = "/workers/admin/canned-replies";

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

    JsonNode byTitle(String title) {
        HttpResponse<String> r = http.get("/api/canned-replies?practice=riverside", SAM);
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode n : http.json(r)) {
            if (title.equals(n.get("title").asString())) {
                return n;
            }
        }
        return null;
    }

    @Test
    void theDemoPracticeStartsWithAFewSensibleRepliesForAnyLinkWorker() {
        assertThat(byTitle("Arrange a call")).isNotNull();
        assertThat(byTitle("Urgent help").get("text").asString()).contains("999").contains("111")
                .contains("SHOUT to 85258");
        assertThat(byTitle("Introduce yourself").get("text").asString()).contains("Riverside Medical Centre");
        assertThat(http.get("/api/canned-replies", SAM).body()).as("the default practice")
                .contains("Arrange a call");
        assertThat(http.get("/api/canned-replies", null).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = http.get("/api/canned-replies?practice=nowhere", SAM);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No practice with id nowhere.");
    }

    @Test
    void anAdministratorAddsChangesAndDeletesThemAndAWorkerMayNot() {
        RealHttp sam = http.signedIn("sam", "test-sam-password");
        assertThat(sam.get(PAGE, null).statusCode()).isEqualTo(403);
        RealHttp boss = http.signedIn("boss", "test-boss-password");
        String title = "Group times <b>" + UUID.randomUUID().toString().substring(0, 6) + "</b>";

        HttpResponse<String> bad = boss.postForm(PAGE, PAGE, Map.of("practice", "riverside", "title", " ",
                "text", "The walking group meets on Tuesdays."), "text/html");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("There is a problem").contains("Enter a short title")
                .contains("The walking group meets on Tuesdays.");

        HttpResponse<String> added = boss.postForm(PAGE, PAGE, Map.of("practice", "riverside", "title", title,
                "text", "The walking group meets on Tuesdays at 10."), "text/html");
        assertThat(added.statusCode()).isEqualTo(302);
        JsonNode reply = byTitle(title);
        assertThat(reply.get("text").asString()).isEqualTo("The walking group meets on Tuesdays at 10.");
        String listed = boss.get(PAGE + "?practice=riverside", null).body();
        assertThat(listed).contains("Group times &lt;b&gt;").doesNotContain(title);

        String id = reply.get("id").asString();
        assertThat(boss.postForm(PAGE, PAGE + "/" + id, Map.of("practice", "riverside", "title", title,
                "text", "It meets on Wednesdays now."), "text/html").statusCode()).isEqualTo(302);
        assertThat(byTitle(title).get("text").asString()).isEqualTo("It meets on Wednesdays now.");
        HttpResponse<String> tooLong = boss.postForm(PAGE, PAGE + "/" + id, Map.of("practice", "riverside",
                "title", title, "text", "a".repeat(1001)), "text/html");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("1000 characters or fewer");
        assertThat(byTitle(title).get("text").asString()).as("nothing lost").isEqualTo("It meets on Wednesdays now.");

        assertThat(boss.postForm(PAGE, PAGE + "/" + id + "/delete", Map.of("practice", "riverside"), "text/html")
                .statusCode()).isEqualTo(302);
        assertThat(byTitle(title)).isNull();
        assertThat(handoffs.audit(200)).filteredOn(e -> "boss".equals(e.get("who"))).extracting(e -> e.get("action"))
                .contains("saved reply added", "saved reply changed", "saved reply deleted");
        assertThat(sam.postForm("/workers", PAGE, Map.of("practice", "riverside", "title", "x", "text", "y"),
                "text/html").statusCode()).isEqualTo(403);
    }

    @Test
    void onTheCasePageASavedReplyGoesIntoTheReplyBoxToChangeBeforeSending() {
        Handoff h = WebChatPatient.askingForAPerson(http, handoffs);
        JsonNode call = byTitle("Arrange a call");
        RealHttp sam = http.signedIn("sam", "test-sam-password");

        String page = sam.get("/workers/handoffs/" + h.id(), null).body();
        assertThat(page).contains("Saved replies").contains("id=\"canned-" + call.get("id").asString() + "\"")
                .contains("?canned=" + call.get("id").asString() + "#reply-text");

        String filled = sam.get("/workers/handoffs/" + h.id() + "?canned=" + call.get("id").asString(), null).body();
        assertThat(filled).containsPattern("<textarea[^>]*id=\"reply-text\"[^>]*>Would a phone call suit you better\\?");
    }
}
