package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.waymark.RealHttp.SAM;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A link worker's reply by text message shows where it is, from the outbox and Twilio's status callbacks, over real
 * HTTP: queued, sent, delivered, not delivered, or held because the patient texted STOP; the dashboard says "sent"
 * only when it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReplyDeliveryTest {
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

    RealHttp http;
    TwilioRequests twilio;

    @BeforeEach
    void setUp() {
        http = new RealHttp(port, json);
        twilio = new TwilioRequests(setup.signingToken(), setup.settings().publicBaseUrl());
    }

    void text(String from, String body) {
        HttpResponse<String> r = twilio.text(http, from, PRACTICE_NUMBER, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    void status(String twilioSid, String status) {
        HttpResponse<String> r = http.send(twilio.signedHttp(http.url("/twilio/status"), "/twilio/status",
                Map.of("MessageSid", twilioSid, "MessageStatus", status, "AccountSid",
                        "AC00000000000000000000000000000001")));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 204);
    }

    String askingForAPerson(String number) {
        text(number, "hi");
        text(number, "PERSON");
        return handoffs.list(HandoffStatus.WAITING).stream().filter(h -> number.equals(h.address()))
                .map(Handoff::id).findFirst().orElseThrow();
    }

    String deliveryOf(String handoff, String messageId) {
        JsonNode thread = http.json(http.get("/api/handoffs/" + handoff, SAM)).get("thread");
        for (JsonNode m : thread) {
            if (messageId.equals(m.get("id").asString())) {
                return m.get("delivery").isNull() ? null : m.get("delivery").asString();
            }
        }
        throw new AssertionError("no message " + messageId + " in the thread");
    }

    /** Twilio's id for the text our outbox sent for this reply. */
    String twilioSidOf(String messageId) {
        List<String> keys = RedisScan.mentions(redis, messageId).stream().filter(k -> k.startsWith("wm:sms:msg:"))
                .toList();
        assertThat(keys).hasSize(1);
        return redis.hget(keys.get(0), "twilioSid");
    }

    @Test
    void aTextedReplyGoesFromQueuedToSentToDeliveredAndThePageShowsIt() {
        String number = TwilioRequests.newNumber();
        String id = askingForAPerson(number);

        HttpResponse<String> r = http.send(http.postJson("/api/handoffs/" + id + "/messages",
                Map.of("text", "Hello, I'm Sam from the practice"), SAM));
        assertThat(r.statusCode()).isEqualTo(201);
        String messageId = http.json(r).get("id").asString();
        assertThat(http.json(r).get("delivery").asString()).as("not sent yet when the outbox has it")
                .isIn("queued", "sending", "sent");

        SmsErasureTest.eventually("the outbox sent it", () -> "sent".equals(deliveryOf(id, messageId)));
        String sid = twilioSidOf(messageId);
        assertThat(sid).isNotBlank();
        status(sid, "sent"); // a late "sent" after "delivered" must not take it back; first it changes nothing
        status(sid, "delivered");
        assertThat(deliveryOf(id, messageId)).isEqualTo("delivered");
        status(sid, "sent");
        assertThat(deliveryOf(id, messageId)).as("never back").isEqualTo("delivered");

        String page = http.signedIn("sam", "test-sam-password").get("/workers/handoffs/" + id, null).body();
        assertThat(page).contains("data-delivery=\"delivered\"").contains(">Delivered<");
    }

    @Test
    void aReplyTwilioCouldNotDeliverSaysSo() {
        String id = askingForAPerson(TwilioRequests.newNumber());
        String messageId = http.json(http.send(http.postJson("/api/handoffs/" + id + "/messages",
                Map.of("text", "Hello"), SAM))).get("id").asString();
        SmsErasureTest.eventually("the outbox sent it", () -> "sent".equals(deliveryOf(id, messageId)));

        status(twilioSidOf(messageId), "undelivered");

        assertThat(deliveryOf(id, messageId)).isEqualTo("undelivered");
        String page = http.signedIn("sam", "test-sam-password").get("/workers/handoffs/" + id, null).body();
        assertThat(page).contains("data-delivery=\"undelivered\"").contains("Not delivered");
    }

    @Test
    void aReplyToAPatientWhoTextedStopIsHeldAndTheWorkerIsToldItWasNotSent() {
        String number = TwilioRequests.newNumber();
        String id = askingForAPerson(number);
        text(number, "STOP");
        RealHttp sam = http.signedIn("sam", "test-sam-password");
        String page = "/workers/handoffs/" + id;

        HttpResponse<String> posted = sam.postForm(page, page + "/messages", Map.of("text", "Are you OK?"),
                "text/html");

        assertThat(posted.statusCode()).isEqualTo(302);
        String after = sam.get(page, null).body();
        assertThat(after).contains("Your reply was not sent: this patient texted STOP")
                .doesNotContain("Your reply has been sent").contains("data-delivery=\"opted_out\"")
                .contains("Held: the patient texted STOP");
        JsonNode last = null;
        for (JsonNode m : http.json(http.get("/api/handoffs/" + id, SAM)).get("thread")) {
            last = "worker".equals(m.get("from").asString()) ? m : last;
        }
        assertThat(last.get("delivery").asString()).isEqualTo("opted_out");
        assertThat(redis.exists("wm:sms:sim:" + number) ? redis.lrange("wm:sms:sim:" + number, 0, -1).toString()
                : "").doesNotContain("Are you OK?");
    }

    @Test
    void aWebChatReplyIsSentAtOnceAndOnlyThenSaysSo() {
        RealHttp.WebChat patient = http.webChat();
        patient.says("yes");
        patient.says("PERSON");
        String id = handoffs.list(HandoffStatus.WAITING).stream().filter(h -> patient.sessionId.equals(h.address()))
                .map(Handoff::id).findFirst().orElseThrow();
        RealHttp sam = http.signedIn("sam", "test-sam-password");
        String page = "/workers/handoffs/" + id;

        sam.postForm(page, page + "/messages", Map.of("text", "Hello from Sam"), "text/html");

        assertThat(sam.get(page, null).body()).contains("Your reply has been sent to the patient.")
                .contains("data-delivery=\"sent\"");
        assertThat(patient.transcript().toString()).contains("Hello from Sam");
    }
}
