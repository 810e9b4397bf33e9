package org.waymark.channel.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.waymark.TestRedis;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The outbox against WireMock standing in for Twilio's REST API: what is sent, and that nothing is lost. */
class OutboxTwilioTest {
    static final String SID = "AC00000000000000000000000000000001";
    static final String TOKEN = "test-auth-token";
    static final String PATH = "/2010-04-01/Accounts/" + SID + "/Messages.json";
    static final String PATIENT = "+447700900456";
    static final String PRACTICE_NUMBER = "+447700900123";

    /** Short enough that a ten-second answer counts as a time-out, long enough for a busy build machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(4);

    static WireMockServer twilio;
    static UnifiedJedis redis;

    MutableClock clock;
    SmsKeys keys;
    SmsDeliveries deliveries;
    OptOuts optOuts;
    Outbox outbox;

    @BeforeAll
    static void startTwilio() {
        twilio = new WireMockServer(options().dynamicPort());
        twilio.start();
        redis = RedisClient.create(URI.create(TestRedis.url()));
        // WireMock's first answer is slow while Jetty warms up; let that not count against a send
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create(twilio.baseUrl() + "/warm-up")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopTwilio() {
        twilio.stop();
        redis.close();
    }

    @BeforeEach
    void freshOutbox() {
        twilio.resetAll();
        clock = new MutableClock();
        keys = new SmsKeys("wm:sms:test-" + UUID.randomUUID() + ":");
        deliveries = new SmsDeliveries(redis, keys, clock);
        optOuts = new OptOuts(redis, keys, clock);
        SmsSettings settings = new SmsSettings(SID, TOKEN, null, null, twilio.baseUrl(), "https://waymark.example",
                TIMEOUT, 5, Duration.ofSeconds(2), Duration.ofMinutes(1));
        outbox = new Outbox(redis, keys, new TwilioSender(settings), optOuts, deliveries, settings, clock);
    }

    static void accepting(String twilioSid) {
        twilio.stubFor(post(urlEqualTo(PATH)).willReturn(created(twilioSid)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String twilioSid) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"" + twilioSid + "\",\"status\":\"queued\",\"to\":\"" + PATIENT + "\"}");
    }

    /** Runs the outbox until nothing is due now. */
    void drain() {
        for (int i = 0; i < 10 && outbox.nextDueInMillis() == 0; i++) {
            outbox.drainOnce();
        }
    }

    @Test
    void sendsThroughTheMessagesApiWithTheSdksFormBodyAndBasicAuth() {
        accepting("SM11111111111111111111111111111111");
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Hello from Riverside & co");

        outbox.drainOnce();

        var requests = twilio.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        Map<String, String> form = form(requests.get(0).getBodyAsString());
        assertThat(form).containsEntry("To", PATIENT).containsEntry("From", PRACTICE_NUMBER)
                .containsEntry("Body", "Hello from Riverside & co")
                .containsEntry("StatusCallback", "https://waymark.example/twilio/status");
        assertThat(requests.get(0).getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(requests.get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        SmsDelivery d = deliveries.byId(id).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.twilioSid()).isEqualTo("SM11111111111111111111111111111111");
        assertThat(d.to()).isEqualTo("+44*******456");
        assertThat(outbox.nextDueInMillis()).isEqualTo(-1);
    }

    @Test
    void anUnclaimedEmergencyTextsTheOnCallNumberThroughTwilioFromThePracticesNumber() {
        accepting("SM33333333333333333333333333333333");
        org.waymark.practice.Practice riverside = new org.waymark.practice.Practice("riverside",
                "Riverside Medical Centre", PRACTICE_NUMBER, null, java.util.List.of(), false, 0);
        OnCallTexts onCall = new OnCallTexts(outbox, new org.waymark.practice.Practices(java.util.List.of(riverside)));

        onCall.onAlert(new org.waymark.handoff.HandoffEvents.OnCallAlert("h1", "riverside", "+447700900999",
                "Waymark: an emergency at Riverside Medical Centre has waited 5 min with no link worker."));
        outbox.drainOnce();

        var requests = twilio.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        assertThat(form(requests.get(0).getBodyAsString())).containsEntry("To", "+447700900999")
                .containsEntry("From", PRACTICE_NUMBER)
                .containsEntry("Body", "Waymark: an emergency at Riverside Medical Centre has waited 5 min with no "
                        + "link worker.");
    }

    @Test
    void aServerErrorIsRetriedWithBackoffUntilTwilioTakesIt() {
        twilio.stubFor(post(urlEqualTo(PATH)).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"code\":20500,\"message\":\"Internal\","
                        + "\"status\":500}")).willSetStateTo("one down"));
        twilio.stubFor(post(urlEqualTo(PATH)).inScenario("outage").whenScenarioStateIs("one down")
                .willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>"))
                .willSetStateTo("up"));
        twilio.stubFor(post(urlEqualTo(PATH)).inScenario("outage").whenScenarioStateIs("up")
                .willReturn(created("SM22222222222222222222222222222222")));
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Your group starts at 10");

        outbox.drainOnce();
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(deliveries.byId(id).orElseThrow().error()).contains("500");
        long wait = outbox.nextDueInMillis();
        assertThat(wait).isBetween(1000L, 2000L); // base 2 s with equal jitter
        outbox.drainOnce();
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1); // not due yet

        clock.advance(Duration.ofMillis(wait));
        outbox.drainOnce();
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(outbox.nextDueInMillis()).isBetween(2000L, 4000L); // doubled

        clock.advance(Duration.ofSeconds(4));
        outbox.drainOnce();
        SmsDelivery d = deliveries.byId(id).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(3)
                .allSatisfy(r -> assertThat(form(r.getBodyAsString())).containsEntry("Body", "Your group starts at 10"));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        twilio.stubFor(post(urlEqualTo(PATH)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}"))
                .willSetStateTo("calm"));
        twilio.stubFor(post(urlEqualTo(PATH)).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(created("SM33333333333333333333333333333333")));
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Checking in");

        outbox.drainOnce();
        assertThat(outbox.nextDueInMillis()).isBetween(30_000L, 30_100L);
        clock.advance(Duration.ofSeconds(29));
        outbox.drainOnce();
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        outbox.drainOnce();
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void connectionResetsAndSlowAnswersAreRetried() {
        twilio.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("slow"));
        twilio.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("slow")
                .willReturn(created("SMslow").withFixedDelay(10_000)).willSetStateTo("fine"));
        twilio.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("fine")
                .willReturn(created("SM44444444444444444444444444444444")));
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "See you Thursday");

        outbox.drainOnce();
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
        clock.advance(Duration.ofMinutes(1));
        long started = System.nanoTime();
        outbox.drainOnce(); // the ten-second answer: our time-out gives up first
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
        clock.advance(Duration.ofMinutes(1));
        outbox.drainOnce();

        SmsDelivery d = deliveries.byId(id).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.twilioSid()).isEqualTo("SM44444444444444444444444444444444");
        assertThat(d.attempts()).isEqualTo(3);
    }

    @Test
    void aPermanentErrorFailsAtOnceAndShowsInTheFailedList() {
        twilio.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":21211,\"message\":"
                        + "\"The 'To' number is not a valid phone number.\",\"status\":400}")));
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Hello");

        outbox.drainOnce();

        SmsDelivery d = deliveries.byId(id).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.error()).contains("21211");
        assertThat(deliveries.failed()).extracting(SmsDelivery::id).containsExactly(id);
        assertThat(deliveries.failed().get(0).to()).doesNotContain("900456");
        assertThat(outbox.nextDueInMillis()).isEqualTo(-1);
    }

    @Test
    void aLongOutageEndsAsAVisibleFailureAfterTheLastAttempt() {
        twilio.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(502)));
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Hello");
        for (int i = 0; i < 5; i++) {
            outbox.drainOnce();
            clock.advance(Duration.ofMinutes(2));
        }
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(deliveries.byId(id).orElseThrow().error()).startsWith("Gave up after 5 attempts");
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(5);
        assertThat(deliveries.failed()).extracting(SmsDelivery::id).contains(id);
    }

    @Test
    void aMessageClaimedByANodeThatDiedIsSentAfterItsLease() {
        accepting("SM55555555555555555555555555555555");
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Hello");
        // a node claims it (the claim moves its due time out by the lease) and dies before sending
        redis.zadd(keys.outbox(), clock.millis() + 60_000, id);
        outbox.drainOnce();
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();

        clock.advance(Duration.ofSeconds(61));
        outbox.drainOnce();
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void nothingIsSentToAnOptedOutNumberAndTheRefusalIsRecorded() {
        accepting("SM66666666666666666666666666666666");
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Your follow-up");
        optOuts.optOut(PATIENT);

        outbox.drainOnce();

        twilio.verify(0, postRequestedFor(urlEqualTo(PATH)));
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.OPTED_OUT);
        assertThat(deliveries.failed()).extracting(SmsDelivery::id).contains(id);
    }

    @Test
    void statusCallbacksMoveAMessageForwardOnly() {
        accepting("SM77777777777777777777777777777777");
        String id = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Hello");
        outbox.drainOnce();

        assertThat(deliveries.callback("SM77777777777777777777777777777777", "delivered", null)).isTrue();
        assertThat(deliveries.callback("SM77777777777777777777777777777777", "sent", null)).isTrue();
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(deliveries.callback("SMunknown", "delivered", null)).isFalse();

        accepting("SM88888888888888888888888888888888");
        String other = outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Hello again");
        outbox.drainOnce();
        deliveries.callback("SM88888888888888888888888888888888", "undelivered", "30003");
        SmsDelivery d = deliveries.byId(other).orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
        assertThat(d.error()).contains("30003");
        assertThat(deliveries.failed()).extracting(SmsDelivery::id).containsExactly(other);
    }

    @Test
    void aMessagingServiceSidReplacesTheFromNumber() {
        SmsSettings settings = new SmsSettings(SID, TOKEN, null, "MG00000000000000000000000000000001",
                twilio.baseUrl(), "https://waymark.example", TIMEOUT, 5, Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        outbox = new Outbox(redis, keys, new TwilioSender(settings), optOuts, deliveries, settings, clock);
        accepting("SM99999999999999999999999999999999");
        outbox.enqueue(PATIENT, PRACTICE_NUMBER, "riverside", "Hello");

        outbox.drainOnce();

        twilio.verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(containing("MessagingServiceSid=MG00000000000000000000000000000001"))
                .withHeader("Accept", equalTo("application/json")));
        assertThat(form(twilio.findAll(postRequestedFor(urlEqualTo(PATH))).get(0).getBodyAsString()))
                .doesNotContainKey("From");
    }

    static Map<String, String> form(String body) {
        return java.util.Arrays.stream(body.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
    }
}
