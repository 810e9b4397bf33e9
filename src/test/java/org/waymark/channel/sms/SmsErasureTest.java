package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.waymark.RealHttp.ADMIN;
import static org.waymark.RealHttp.KIM;
import static org.waymark.RealHttp.SAM;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.RealHttp;
import org.waymark.RedisScan;
import org.waymark.followup.Referrals;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.HandoffStatus;
import org.waymark.handoff.Handoffs;
import org.waymark.messaging.Channel;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Erasure over real HTTP, for a patient who has texted in more than one conversation (the first one's session
 * expired, the way an idle one does after {@code WAYMARK_SESSION_TTL}), each with a handoff holding their words:
 * their own FORGET and an administrator's erase leave nothing in Redis that holds their number or words, take
 * their handoffs out of the queue, and a link worker's reply to one of them is not sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SmsErasureTest {
    static final String PRACTICE_NUMBER = "+447700900123";
    static final String NOT_SENT = "This patient asked for their data to be erased; your reply was not sent.";

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
    Referrals referrals;

    RealHttp http;
    TwilioRequests twilio;

    @BeforeEach
    void setUp() {
        http = new RealHttp(port, json);
        twilio = new TwilioRequests(setup.signingToken(), setup.settings().publicBaseUrl());
    }

    /** One text from the patient's phone, through Twilio's signed webhook; the TwiML answer. */
    String text(String from, String body) {
        HttpResponse<String> r = twilio.text(http, from, PRACTICE_NUMBER, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** What the patient's number has in Redis and what the two conversations had in it. */
    record Patient(String number, String firstWords, String laterWords, String firstHandoff, String laterHandoff,
                   String noteWords, String replyId) {
        String[] traces() {
            return new String[] {number, number.substring(1), firstWords, laterWords, noteWords};
        }
    }

    /**
     * A patient who chose an activity (a referral) and asked for a person in one conversation, which a link worker
     * claimed and answered; whose session then expired; and who later texted again and asked for a person again.
     */
    Patient patientWithTwoConversations() {
        return patientWithTwoConversations(false);
    }

    /**
     * @param firstOutlived the first conversation's transcript and the number's list of sessions expired too (its
     *                      last message was longer ago than the retention) while a link worker kept its handoff
     *                      going, so only the handoff remembers the number
     */
    Patient patientWithTwoConversations(boolean firstOutlived) {
        String number = TwilioRequests.newNumber();
        String token = UUID.randomUUID().toString().substring(0, 8);
        String firstWords = "since I moved to the flat on Quayside I hardly see anyone " + token;
        String laterWords = "my daughter Ottilie moved abroad and the evenings are long " + token;

        text(number, "hi");
        text(number, "yes");
        text(number, firstWords);
        text(number, "yes");
        text(number, "E1 6AN");
        text(number, "skip");
        text(number, "1");
        text(number, "PERSON");
        assertThat(referrals.ofPatient(Channel.SMS, number)).as("a referral to the activity chosen").hasSize(1);
        Handoff first = openHandoffOf(number);
        HttpResponse<String> sent = http.send(http.postJson("/api/handoffs/" + first.id() + "/messages",
                Map.of("text", "Hello, I'm Sam from the practice"), SAM));
        assertThat(sent.statusCode()).isEqualTo(201);
        String replyId = http.json(sent).get("id").asString();
        eventually("the reply reached the phone", () -> redis.exists("wm:sms:sim:" + number));
        eventually("the reply's delivery state is kept", () -> "sent".equals(
                redis.hget("wm:{handoff}:" + first.id() + ":delivery", replyId)));
        // a link worker's internal note about the patient is theirs to have erased too
        String noteWords = "her neighbour Mrs Pennycook says she is not eating " + token;
        assertThat(http.send(http.postJson("/api/handoffs/" + first.id() + "/notes", Map.of("text", noteWords), SAM))
                .statusCode()).isEqualTo(201);

        // the first conversation goes quiet and its session expires, as an idle one does
        redis.pexpire("wm:session:sms:" + number, 1);
        eventually("the session expired", () -> !redis.exists("wm:session:sms:" + number));
        if (firstOutlived) {
            redis.del("wm:transcript:" + first.sessionId(), "wm:sessions:sms:" + number);
        }

        text(number, laterWords);
        text(number, "PERSON");
        Handoff later = openHandoffOf(number);
        assertThat(later.id()).isNotEqualTo(first.id());
        assertThat(later.sessionId()).isNotEqualTo(first.sessionId());
        assertThat(handoffs.find(first.id()).orElseThrow().status()).as("claimed by the reply")
                .isEqualTo(HandoffStatus.CLAIMED);

        Patient p = new Patient(number, firstWords, laterWords, first.id(), later.id(), noteWords, replyId);
        assertThat(RedisScan.mentions(redis, p.noteWords)).as("the note, before").isNotEmpty();
        assertThat(RedisScan.mentions(redis, p.firstWords)).as("the first conversation's words, before").isNotEmpty();
        assertThat(RedisScan.mentions(redis, p.laterWords)).as("the later conversation's words, before").isNotEmpty();
        return p;
    }

    static void eventually(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    Handoff openHandoffOf(String number) {
        return handoffs.list(HandoffStatus.WAITING).stream().filter(h -> number.equals(h.address())).findFirst()
                .or(() -> handoffs.list(HandoffStatus.CLAIMED).stream().filter(h -> number.equals(h.address()))
                        .findFirst())
                .orElseThrow(() -> new AssertionError("no open handoff for the patient"));
    }

    /** Nothing left that holds their number or words, nothing in the queue, no reply sent; audited under {@code by}. */
    void assertErased(Patient p, String by) {
        assertThat(RedisScan.mentions(redis, p.traces())).as("keys naming or holding the patient's number or words")
                .isEmpty();
        assertThat(redis.exists("wm:{handoff}:" + p.firstHandoff + ":delivery")).as("the replies' delivery states")
                .isFalse();
        assertThat(redis.exists("wm:{handoff}:reply:" + p.replyId)).as("the reply's index").isFalse();

        for (String status : List.of("waiting", "claimed")) {
            assertThat(http.get("/api/handoffs?status=" + status, ADMIN).body()).as("the %s queue", status)
                    .doesNotContain(p.firstHandoff).doesNotContain(p.laterHandoff);
        }

        HttpResponse<String> reply = http.send(http.postJson("/api/handoffs/" + p.firstHandoff + "/messages",
                Map.of("text", "Are you still there?"), SAM));
        assertThat(reply.statusCode()).isEqualTo(410);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(http.json(reply).get("detail").asString()).isEqualTo(NOT_SENT);
        assertThat(http.send(http.postJson("/api/handoffs/" + p.laterHandoff + "/messages",
                Map.of("text", "Hello"), KIM)).statusCode()).as("a reply to the waiting one").isEqualTo(410);

        RealHttp sam = http.signedIn("sam", "test-sam-password");
        String page = "/workers/handoffs/" + p.firstHandoff;
        HttpResponse<String> form = sam.postForm(page, page + "/messages", Map.of("text", "Are you there?"),
                "text/html");
        assertThat(form.statusCode()).isEqualTo(410);
        assertThat(form.body()).contains(NOT_SENT).contains("Data erased").doesNotContain(p.firstWords);
        assertThat(RedisScan.mentions(redis, p.traces())).as("after the replies that were not sent").isEmpty();

        for (String id : List.of(p.firstHandoff, p.laterHandoff)) {
            assertThat(handoffs.audit(1_000)).filteredOn(e -> id.equals(e.get("handoff"))
                    && "erased".equals(e.get("action"))).singleElement()
                    .satisfies(e -> assertThat(e.get("who")).isEqualTo(by));
        }
    }

    @Test
    void forgetBySmsErasesEveryConversationOfTheNumberAndTheirHandoffs() {
        Patient p = patientWithTwoConversations();

        assertThat(text(p.number, "FORGET")).contains("FORGET YES");
        assertThat(text(p.number, "FORGET YES")).contains("deleted");

        assertErased(p, "patient");
    }

    @Test
    void aHandoffThatOutlivedItsConversationIsErasedToo() {
        Patient p = patientWithTwoConversations(true);

        text(p.number, "FORGET");
        assertThat(text(p.number, "FORGET YES")).contains("deleted");

        assertErased(p, "patient");
    }

    @Test
    void anAdministratorsEraseDoesTheSameAndTheAuditNamesThem() {
        Patient p = patientWithTwoConversations();

        RealHttp boss = http.signedIn("boss", "test-boss-password");
        HttpResponse<String> done = boss.postForm("/workers/admin/patients", "/workers/admin/patients/erase",
                Map.of("channel", "sms", "address", p.number, "confirm", "ERASE"), "text/html");
        assertThat(done.statusCode()).isEqualTo(200);

        assertErased(p, "boss");
        assertThat(done.body()).contains("Deleted: 2 conversation(s)")
                // the activity chosen with the bot and the referral Sam accepted by taking the case on
                .contains("2 referral record(s)");
        assertThat(redis.xrange("wm:followup:audit", (redis.clients.jedis.StreamEntryID) null,
                (redis.clients.jedis.StreamEntryID) null)).anySatisfy(e -> {
                    assertThat(e.getFields()).containsEntry("action", "erased").containsEntry("by", "boss")
                            .containsEntry("records", "2");
                });
    }
}
