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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * Closing a handoff over real HTTP: of two closes at once exactly one goes through, and only the worker who claimed
 * the conversation, or an administrator, may close it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HandoffIntegrityTest {
    static final Map<String, Object> CLOSE = Map.of("outcome", "no_further_action");

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

    /**
     * A web chat patient asks for a person; sam claims the conversation (through the queue itself: each HTTP Basic
     * request costs a bcrypt check, so the test spends them on the closes it races).
     */
    String claimedBySam() {
        String id = WebChatPatient.askingForAPerson(http, handoffs).id();
        assertThat(handoffs.claim(id, "sam")).isInstanceOf(Handoffs.ClaimResult.Claimed.class);
        return id;
    }

    @Test
    void ofTwoClosesReleasedTogetherExactlyOneWinsEveryTime() throws Exception {
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int race = 0; race < 20; race++) {
                String id = claimedBySam();
                HttpRequest close = http.postJson("/api/handoffs/" + id + "/close", CLOSE, SAM);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> both = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    both.add(pool.submit(() -> {
                        go.await();
                        return http.send(close);
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<HttpResponse<String>> f : both) {
                    HttpResponse<String> r = f.get();
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 409) {
                        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                        assertThat(http.json(r).get("detail").asString())
                                .isEqualTo("This conversation is already closed.");
                    }
                }
                assertThat(statuses).as("race %d", race).containsExactlyInAnyOrder(200, 409);
                ids.add(id);
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode closed = http.json(http.get("/api/handoffs?status=closed", ADMIN));
        List<String> listed = new ArrayList<>();
        closed.forEach(h -> listed.add(h.get("id").asString()));
        assertThat(listed).as("the closed list").doesNotHaveDuplicates().containsAll(ids);
        List<Map<String, String>> audit = handoffs.audit(2_000);
        for (String id : ids) {
            assertThat(audit).filteredOn(e -> id.equals(e.get("handoff")) && "closed".equals(e.get("action")))
                    .as("closes audited for %s", id).hasSize(1);
        }
    }

    @Test
    void onlyTheWorkerWhoClaimedItOrAnAdminMayCloseAConversation() {
        String id = claimedBySam();
        String notYours = "Only sam, who has claimed this conversation, or an administrator can close it.";

        HttpResponse<String> api = http.send(http.postJson("/api/handoffs/" + id + "/close", CLOSE, KIM));
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(http.json(api).get("detail").asString()).isEqualTo(notYours);

        RealHttp kim = http.signedIn("kim", "test-kim-password");
        String page = "/workers/handoffs/" + id;
        HttpResponse<String> form = kim.postForm(page, page + "/close", Map.of("outcome", "no_further_action"),
                "text/html");
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(form.body()).contains(notYours).contains("Claimed by sam");
        HttpResponse<String> script = kim.postForm(page, page + "/close", Map.of("outcome", "no_further_action"),
                "application/json");
        assertThat(script.statusCode()).isEqualTo(403);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(kim.json(script).get("detail").asString()).isEqualTo(notYours);
        assertThat(http.send(http.postJson("/api/handoffs/" + id + "/messages", Map.of("text", "Hello"), KIM))
                .statusCode()).as("kim's reply").isEqualTo(403);

        Handoff still = handoffs.find(id).orElseThrow();
        assertThat(still.status()).isEqualTo(HandoffStatus.CLAIMED);
        assertThat(handoffs.list(HandoffStatus.CLAIMED)).extracting(Handoff::id).contains(id);

        HttpResponse<String> admin = http.send(http.postJson("/api/handoffs/" + id + "/close", CLOSE, ADMIN));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(http.json(admin).get("status").asString()).isEqualTo("closed");
        assertThat(handoffs.audit(200)).filteredOn(e -> id.equals(e.get("handoff")) && "closed".equals(e.get("action")))
                .singleElement().satisfies(e -> assertThat(e.get("who")).isEqualTo("admin"));
    }
}
