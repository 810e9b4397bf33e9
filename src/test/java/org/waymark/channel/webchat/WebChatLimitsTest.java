package org.waymark.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.TestRedis;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web chat's limits over real HTTP: the flood of new sessions from one client that filled Redis, the
 * practice's own cap, and turns per session. X-Forwarded-For picks the client's address because this context
 * trusts its proxy (127.0.0.1) with {@code server.forward-headers-strategy=native}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "limits"})
class WebChatLimitsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @BeforeEach
    void emptyBuckets() {
        TestRedis.deleteKeys("wm:limit:*");
    }

    static String someAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.51." + r.nextInt(100, 255) + "." + r.nextInt(1, 255);
    }

    HttpResponse<String> newSession(String address) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/webchat/sessions"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> say(JsonNode chat, String text) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/webchat/sessions/"
                        + chat.get("sessionId").asString() + "/messages"))
                .header("Content-Type", "application/json").header("X-Session-Token", chat.get("token").asString())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("text", text))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertTooMany(HttpResponse<String> r, long maxWaitSeconds, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("Retry-After")).as("Retry-After")
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, maxWaitSeconds));
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(429);
        assertThat(p.get("detail").asString()).contains(detail).contains("999");
    }

    @Test
    void aFloodOfNewSessionsFromOneAddressIsStoppedAtTheLimitAndStoresNoMore() throws Exception {
        String address = someAddress();
        long before = TestRedis.countKeys("wm:session:webchat:*");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 60; i++) {
            last = newSession(address);
            statuses.add(last.statusCode());
        }
        assertThat(statuses.subList(0, 5)).as("the first five in a minute").containsOnly(201);
        assertThat(statuses.subList(5, 60)).as("every one after").containsOnly(429);
        assertTooMany(last, 60, "try again in");
        assertThat(TestRedis.countKeys("wm:session:webchat:*") - before)
                .as("Redis holds the five sessions the limit allowed, not sixty").isEqualTo(5);

        assertThat(newSession(someAddress()).statusCode()).as("another address is not held back").isEqualTo(201);
    }

    @Test
    void steppingThroughItsOwnIpv6BlockGetsAClientNoFurther() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            // one household's /64, a new address each time, as any client can pick
            statuses.add(newSession("2001:db8:7:42:" + Integer.toHexString(i * 4099) + "::" + i).statusCode());
        }
        assertThat(statuses).as("every address of one /64 counts as one client")
                .containsExactly(201, 201, 201, 201, 201, 429, 429);
        assertThat(newSession("2001:db8:7:43::1").statusCode()).as("the next /64 is someone else").isEqualTo(201);
    }

    @Test
    void thePracticeCapStopsAFloodSpreadOverManyAddresses() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 14; i++) {
            last = newSession(someAddress());
            statuses.add(last.statusCode());
        }
        assertThat(statuses.subList(0, 12)).as("the practice's 12 an hour (this profile)").containsOnly(201);
        assertThat(statuses.subList(12, 14)).containsOnly(429);
        assertTooMany(last, 3600, "Riverside Medical Centre");
        assertThat(JSON.readTree(last.body()).get("detail").asString()).contains("020 7946 0000");
    }

    @Test
    void aSessionMaySendTwentyMessagesAMinuteAndTheNextIsRefusedAndNotStored() throws Exception {
        JsonNode chat = JSON.readTree(newSession(someAddress()).body());
        for (int i = 0; i < 20; i++) {
            assertThat(say(chat, i % 2 == 0 ? "hello" : "what can you do").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> over = say(chat, "one too many");
        assertTooMany(over, 60, "faster than I can read");

        HttpResponse<String> transcript = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/webchat/sessions/" + chat.get("sessionId").asString() + "/messages"))
                .header("X-Session-Token", chat.get("token").asString()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(transcript.body()).doesNotContain("one too many");
    }
}
