package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.waymark.RealHttp.ADMIN;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import tools.jackson.databind.json.JsonMapper;

/**
 * Handoff records, threads and their indexes are kept as long as the transcripts
 * ({@code waymark.conversation.transcript-days}), and ids whose record has expired leave the queue and the closed
 * list when they are read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HandoffRetentionTest {
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

    long retentionSeconds() {
        int days = env.getProperty("waymark.conversation.transcript-days", Integer.class, 90);
        return Duration.ofDays(days).toSeconds();
    }

    Handoff askingForAPerson() {
        return WebChatPatient.askingForAPerson(http, handoffs);
    }

    void assertKeptFor(long seconds, Handoff h) {
        for (String key : List.of(Handoffs.key(h.id()), Handoffs.threadKey(h.id()),
                Handoffs.bySessionKey(h.sessionId()))) {
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
                null), List.of(new OutboundMessage("m1", "patient", "a walk", List.of(), List.of(), null))));
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
