package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.TestRedis;
import org.waymark.conversation.Conversations;
import org.waymark.messaging.Channel;

/**
 * A number texting faster than anyone types, over real HTTP with signed webhooks: past 10 a minute its texts are
 * not read, Twilio always gets 200 (never a 429 it would log as a failed webhook), the number is asked once to
 * slow down, and STOP still works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "limits"})
class SmsLimitsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    SmsSetup setup;
    @Autowired
    Conversations conversations;
    @Autowired
    OptOuts optOuts;

    @BeforeEach
    void emptyBuckets() {
        TestRedis.deleteKeys("wm:limit:*");
    }

    HttpResponse<String> text(String from, String body) throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), from,
                TwilioWebhookTest.PRACTICE_NUMBER, body);
        String signature = new TwilioRequests(setup.signingToken(), setup.settings().publicBaseUrl())
                .sign("/twilio/sms", fields);
        String form = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/twilio/sms"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pastTenTextsAMinuteANumberIsAskedOnceToSlowDownAndTwilioAlwaysGets200() throws Exception {
        String number = TwilioRequests.newNumber();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = text(number, "hello " + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<Message>");
        }
        HttpResponse<String> eleventh = text(number, "hello 10");
        assertThat(eleventh.statusCode()).isEqualTo(200);
        assertThat(eleventh.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/xml"));
        assertThat(eleventh.body()).contains("texting faster than I can read").contains("999");
        for (int i = 11; i < 30; i++) {
            HttpResponse<String> r = text(number, "hello " + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("no second note: each costs a text").isEqualTo(TwiML.EMPTY);
        }
        assertThat(conversations.transcript(Channel.SMS, number).stream()
                .filter(m -> "patient".equals(m.from()))).as("only the ten read").hasSize(10);

        HttpResponse<String> stop = text(number, "STOP");
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.body()).contains("no more texts");
        assertThat(optOuts.optedOut(number)).as("STOP is honoured over the limit").isTrue();
    }
}
