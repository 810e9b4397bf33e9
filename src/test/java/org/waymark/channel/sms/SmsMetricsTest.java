package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.waymark.RealHttp.SAM;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.RealHttp;
import org.waymark.RedisScan;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.HandoffStatus;
import org.waymark.handoff.Handoffs;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SMS figures in {@code /actuator/prometheus}: a text answered through Twilio's signed webhook is a turn and
 * texts sent with their parts; a link worker's reply sent through the outbox counts as sent; one Twilio could not
 * deliver counts as failed, by its status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SmsMetricsTest {
    static final String PRACTICE_NUMBER = "+447700900123";

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    SmsSetup setup;
    @Autowired
    Handoffs handoffs;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    MeterRegistry registry;

    RealHttp http;
    TwilioRequests twilio;

    @BeforeEach
    void setUp() {
        http = new RealHttp(port, json);
        twilio = new TwilioRequests(setup.signingToken(), setup.settings().publicBaseUrl());
    }

    @Test
    void textsInAndOutAreCountedWithTheirParts() {
        String number = TwilioRequests.newNumber();
        double turns = count("waymark.turns", "channel", "sms");
        double replies = count(SmsMetrics.SENT, "route", "reply");
        double replySegments = count(SmsMetrics.SEGMENTS, "route", "reply");

        HttpResponse<String> hi = twilio.text(http, number, PRACTICE_NUMBER, "hi");
        assertThat(hi.statusCode()).isEqualTo(200);

        List<String> answer = SmsConversationTest.messages(hi.body());
        assertThat(answer).isNotEmpty();
        // counted once the answer has left (the filter counts after the chain): the client may read it first
        SmsErasureTest.eventually("the turn counted", () -> count("waymark.turns", "channel", "sms") >= turns + 1);
        assertThat(count("waymark.turns", "channel", "sms")).isEqualTo(turns + 1);
        assertThat(count(SmsMetrics.SENT, "route", "reply")).isEqualTo(replies + answer.size());
        assertThat(count(SmsMetrics.SEGMENTS, "route", "reply")).isEqualTo(replySegments
                + answer.stream().mapToLong(t -> SmsSegments.of(t).segments()).sum());

        twilio.text(http, number, PRACTICE_NUMBER, "PERSON");
        String id = handoffs.list(HandoffStatus.WAITING).stream().filter(h -> number.equals(h.address()))
                .map(Handoff::id).findFirst().orElseThrow();
        double sent = count(SmsMetrics.SENT, "route", "outbox");
        double outboxSegments = count(SmsMetrics.SEGMENTS, "route", "outbox");
        double undelivered = count(SmsMetrics.FAILED, "status", "undelivered");
        String reply = "Hello, I'm Sam from the practice";
        String messageId = http.json(http.send(http.postJson("/api/handoffs/" + id + "/messages",
                Map.of("text", reply), SAM))).get("id").asString();
        SmsErasureTest.eventually("the outbox sent it", () -> count(SmsMetrics.SENT, "route", "outbox") > sent);
        assertThat(count(SmsMetrics.SENT, "route", "outbox")).isEqualTo(sent + 1);
        assertThat(count(SmsMetrics.SEGMENTS, "route", "outbox")).isEqualTo(outboxSegments + 1);

        String key = RedisScan.mentions(redis, messageId).stream().filter(k -> k.startsWith("wm:sms:msg:"))
                .findFirst().orElseThrow();
        HttpResponse<String> callback = http.send(twilio.signedHttp(http.url("/twilio/status"), "/twilio/status",
                Map.of("MessageSid", redis.hget(key, "twilioSid"), "MessageStatus", "undelivered",
                        "AccountSid", "AC00000000000000000000000000000001")));
        assertThat(callback.statusCode()).isIn(200, 204);
        assertThat(count(SmsMetrics.FAILED, "status", "undelivered")).isEqualTo(undelivered + 1);
        SmsErasureTest.eventually("two turns counted", () -> count("waymark.turns", "channel", "sms") >= turns + 2);
        assertThat(count("waymark.turns", "channel", "sms")).as("a status callback is no turn").isEqualTo(turns + 2);
    }

    private double count(String name, String key, String value) {
        return registry.find(name).tag(key, value).counters().stream().mapToDouble(Counter::count).sum();
    }
}
