package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.waymark.RealHttp.ADMIN;
import static org.waymark.RealHttp.KIM;
import static org.waymark.RealHttp.SAM;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.RealHttp;
import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;

import redis.clients.jedis.UnifiedJedis;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The handoff queue over real HTTP: of two closes at once exactly one goes through; only the worker who claimed the
 * conversation, or an administrator, may close it; records, threads and their indexes are kept as long as the
 * transcripts ({@code waymark.conversation.transcript-days}), and ids whose record has expired leave the queue and
 * the closed list when they are read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HandoffIntegrityTest {
    static final Map<String, Object> CLOSE = Map.of("outcome", "no_further_action");
    /** Slack for the seconds a test takes between a write and its TTL check. */
    static final Offset<Long> NOW_ISH = Offset.offset(120L);

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    Handoffs handoffs;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    Environment env;
    @Autowired
    ApplicationEventPublisher events;

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

    // ---- retention ---------------------------------------------------------------------------------------------

    long retentionSeconds() {
        int days = env.getProperty("waymark.conversation.transcript-days", Integer.class, 90);
        return Duration.ofDays(days).toSeconds();
    }

    Handoff askingForAPerson() {
        return WebChatPatient.askingForAPerson(http, handoffs);
    }

    void assertKeptFor(long seconds, Handoff h) {
        for (String key : List.of(Handoffs.key(h.id()), Handoffs.threadKey(h.id()),
                Handoffs.bySessionKey(h.sessionId()), Handoffs.byAddressKey(h.channel(), h.address()))) {
            assertThat(redis.ttl(key)).as("TTL of %s", key).isCloseTo(seconds, NOW_ISH);
        }
    }

    @Test
    void aHandoffItsThreadAndItsIndexExpireWithTheTranscriptAfterEveryChange() {
        Handoff h = askingForAPerson();
        long keep = retentionSeconds();
        assertKeptFor(keep, h);
        // the conversation's own keys follow the same setting: the transcript and the address's list of sessions
        assertThat(redis.ttl("wm:transcript:" + h.sessionId())).isCloseTo(keep, NOW_ISH);
        assertThat(redis.ttl("wm:sessions:webchat:" + h.address())).isCloseTo(keep, NOW_ISH);

        assertThat(http.send(http.postJson("/api/handoffs/" + h.id() + "/claim", Map.of(), ADMIN)).statusCode())
                .isEqualTo(200);
        assertKeptFor(keep, h);
        assertThat(http.send(http.postJson("/api/handoffs/" + h.id() + "/messages", Map.of("text", "Hello"), ADMIN))
                .statusCode()).isEqualTo(201);
        assertKeptFor(keep, h);
        assertThat(http.send(http.postJson("/api/handoffs/" + h.id() + "/close",
                Map.of("outcome", "no_further_action"), ADMIN)).statusCode()).isEqualTo(200);
        assertKeptFor(keep, h);
    }

    @Test
    void aShorterRetentionSettingKeepsHandoffsForThatLong() {
        Handoffs weekly = new Handoffs(redis, json, events, Clock.systemUTC(), 7);
        String session = "retention-" + UUID.randomUUID();
        Handoff h = weekly.open(new Handoffs.Request("riverside", Channel.WEBCHAT, session, session,
                Priority.ROUTINE, "asked_for_person", new Handoff.Summary(List.of(), null, "a walk", List.of(), null,
                null, null), List.of(new OutboundMessage("m1", "patient", "a walk", List.of(), List.of(), null))));
        long week = Duration.ofDays(7).toSeconds();
        assertKeptFor(week, h);
        weekly.close(h.id(), "sam", "no_further_action", null, false);
        assertKeptFor(week, h);
    }

    @Test
    void expiredHandoffsLeaveTheQueueAndTheClosedListWhenRead() throws Exception {
        Handoff waiting = askingForAPerson();
        Handoff closed = askingForAPerson();
        handoffs.close(closed.id(), "admin", "no_further_action", null, false);
        assertThat(redis.zscore(Handoffs.WAITING, waiting.id())).isNotNull();
        assertThat(redis.lrange(Handoffs.CLOSED, 0, -1)).contains(closed.id());

        // their time is up: Redis lets the records go
        redis.pexpire(Handoffs.key(waiting.id()), 1);
        redis.pexpire(Handoffs.key(closed.id()), 1);
        Thread.sleep(20);

        assertThat(http.get("/api/handoffs?status=waiting", ADMIN).body()).doesNotContain(waiting.id());
        assertThat(http.get("/api/handoffs?status=closed", ADMIN).body()).doesNotContain(closed.id());
        assertThat(redis.zscore(Handoffs.WAITING, waiting.id())).as("left the waiting set").isNull();
        assertThat(redis.lrange(Handoffs.CLOSED, 0, -1)).as("left the closed list").doesNotContain(closed.id());
    }
}
