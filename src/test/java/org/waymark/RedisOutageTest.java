package org.waymark;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import org.waymark.browser.Browser;
import org.waymark.channel.sms.TwilioRequests;
import org.waymark.conversation.Conversations;
import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One app node on a Redis of its own that the test kills and starts again, as a crash and a restart would: what
 * patients, Twilio and link workers get while it is down, and that a text sent meanwhile is answered once it is back.
 * Twilio's REST API is WireMock. The JVM's shared test Redis is not touched.
 */
class RedisOutageTest {
    static final String ACCOUNT = "AC00000000000000000000000000000001";
    static final String TOKEN = "outage-test-token";
    static final String PUBLIC_URL = "http://127.0.0.1:9";
    static final String PRACTICE_NUMBER = "+447700900123";
    static final String MESSAGES_API = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
    static final String PASSWORD = "outage-" + UUID.randomUUID();
    static final String WORDS = "Waymark cannot reach its database just now. Please try again in a minute. "
            + "In an emergency call 999.";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TwilioRequests TWILIO = new TwilioRequests(TOKEN, PUBLIC_URL);

    @TempDir
    static Path dirs;

    static KillableRedis redis;
    static WireMockServer twilio;
    static ConfigurableApplicationContext node;
    static String base;
    static Path spool;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startNode() throws Exception {
        redis = new KillableRedis(Files.createDirectories(dirs.resolve("redis")));
        twilio = new WireMockServer(options().dynamicPort());
        twilio.start();
        twilio.stubFor(post(urlEqualTo(MESSAGES_API)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "") + "\",\"status\":\"queued\"}")));
        Path data = Files.createDirectories(dirs.resolve("node"));
        spool = data.resolve("sms-spool.jsonl");
        node = SpringApplication.run(WaymarkApplication.class,
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                "--waymark.redis.url=" + redis.url(),
                "--waymark.redis.data-dir=" + data,
                "--waymark.redis.timeout=500ms",
                "--waymark.accounts.admin-password=" + PASSWORD,
                "--waymark.sms.account-sid=" + ACCOUNT,
                "--waymark.sms.auth-token=" + TOKEN,
                "--waymark.sms.api-base-url=" + twilio.baseUrl(),
                "--waymark.sms.public-base-url=" + PUBLIC_URL);
        base = "http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        if (twilio != null) {
            twilio.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aTextSentWhileRedisIsDownIsKeptAndAnsweredOnceRedisIsBack() throws Exception {
        String number = TwilioRequests.newNumber();
        String hi = TwilioRequests.newSid();
        String person = TwilioRequests.newSid();
        // Redis died while this node was half way through "hi": its in-hand marker for the MessageSid is left over
        try (UnifiedJedis direct = RedisClient.create(URI.create(redis.url()))) {
            direct.set("wm:sms:sid:" + hi, "\u0000processing");
        }

        redis.kill();
        try {
            HttpResponse<String> first = sms(hi, number, "hi");
            HttpResponse<String> twice = sms(hi, number, "hi"); // the same delivery again
            HttpResponse<String> second = sms(person, number, "PERSON");

            for (HttpResponse<String> r : List.of(first, twice, second)) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).as("a holding reply with the urgent numbers, and no retry or fallback")
                        .contains("<Message>Thank you, we have your message").contains("999 in an emergency");
            }
            assertThat(Files.readAllLines(spool)).as("kept on this node's disk, in order").hasSize(3)
                    .allSatisfy(line -> assertThat(line).contains(number.substring(1)));
            assertThat(sentTo(number)).isEmpty();
        } finally {
            redis.start();
        }

        // the greeting that answers "hi" names a link worker too, so wait for both texts to be read first
        waitUntil("both kept texts to be read", () -> patientTexts(number).size() >= 2);
        waitUntil("the replies to go out through Twilio's API", () -> sentTo(number).stream()
                .anyMatch(body -> body.contains("link worker")));
        List<String> patient = patientTexts(number);
        assertThat(patient).as("each text once, in the order sent").containsExactly("hi", "PERSON");
        List<String> sent = sentTo(number);
        assertThat(sent.get(0)).contains("Riverside Medical Centre");
        assertThat(sent).last().asString().contains("link worker");
        waitUntil("the spool to be emptied", () -> !Files.exists(spool));
    }

    @Test
    void everyTextKeptDuringTheOutageIsReadThoughTheyAllComeBackAtOnce() throws Exception {
        String number = TwilioRequests.newNumber();
        redis.kill();
        try {
            for (int i = 0; i < 12; i++) { // more than the 10 a minute one number may send
                assertThat(sms(TwilioRequests.newSid(), number, "text " + i).statusCode()).isEqualTo(200);
            }
        } finally {
            redis.start();
        }
        waitUntil("all twelve to be read", () -> patientTexts(number).size() == 12);
        assertThat(sentTo(number)).noneMatch(body -> body.contains("faster than I can read"));
    }

    @Test
    void patientsTwilioAndLinkWorkersGet503WithRetryAfterWhileRedisIsDown() throws Exception {
        JsonNode chat = JSON.readTree(send(json("/api/webchat/sessions", "{}", Map.of())).body());
        String id = chat.get("sessionId").asString();
        Map<String, String> token = Map.of("X-Session-Token", chat.get("token").asString());
        HttpClient worker = signedIn();

        redis.kill();
        try {
            unavailable(send(json("/api/webchat/sessions", "{}", Map.of())));
            unavailable(send(json("/api/webchat/sessions/" + id + "/messages", "{\"text\":\"hello\"}", token)));
            unavailable(send(get("/api/webchat/sessions/" + id + "/events?token=" + chat.get("token").asString(),
                    "text/event-stream")));
            unavailable(send(get("/api/handoffs?status=waiting", "application/json")
                    .header("Authorization", basic())));
            unavailable(send(statusCallback()));

            HttpResponse<String> page = worker.send(get("/workers", "text/html,application/xhtml+xml,*/*;q=0.8")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).hasValue("60");
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/html"));
            assertThat(page.body()).contains(WORDS).doesNotContain("Whitelabel").doesNotContain("Exception");
            unavailable(worker.send(get("/workers/queue", "*/*").build(), HttpResponse.BodyHandlers.ofString()));
        } finally {
            redis.start();
        }
        assertThat(send(json("/api/webchat/sessions/" + id + "/messages", "{\"text\":\"hello\"}", token))
                .statusCode()).as("the same conversation carries on once Redis is back").isEqualTo(200);
    }

    @Test
    void readinessGoesDownWithRedisWhileLivenessStaysUp() throws Exception {
        assertThat(send(get("/actuator/health/readiness", "application/json")).statusCode()).isEqualTo(200);

        redis.kill();
        try {
            HttpResponse<String> readiness = send(get("/actuator/health/readiness", "application/json"));
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(readiness.body()).get("status").asString()).isEqualTo("DOWN");
            HttpResponse<String> liveness = send(get("/actuator/health/liveness", "application/json"));
            assertThat(liveness.statusCode()).as("a Redis outage must not get every node restarted")
                    .isEqualTo(200);
            assertThat(JSON.readTree(liveness.body()).get("status").asString()).isEqualTo("UP");
        } finally {
            redis.start();
        }
        waitUntil("readiness to be UP again", () -> {
            try {
                return send(get("/actuator/health/readiness", "application/json")).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The widget as a patient meets it: the plain words in its alert, and the message still in the box. */
    @Test
    void theWidgetShowsThePlainWordsAndKeepsTheMessageWhileRedisIsDown() {
        try (Browser browser = Browser.start()) {
            browser.open(base + "/");
            browser.script("localStorage.clear()");
            browser.open(base + "/");
            browser.waitFor("the chat launcher", d -> {
                WebElement l = d.findElement(By.cssSelector(".wmw-launcher"));
                return l.isDisplayed() ? l : null;
            }).click();
            browser.waitFor("the bot's welcome", d -> !d.findElements(By.cssSelector(".wmw-msg--bot")).isEmpty());
            int botMessages = browser.findAll(".wmw-msg--bot").size();

            redis.kill();
            try {
                browser.find("#wmw-input").sendKeys("I would like to meet people");
                browser.find(".wmw-send").click();
                String alert = browser.waitFor("the widget's alert", d -> {
                    String text = d.findElement(By.cssSelector(".wmw-alert")).getText();
                    return text.isEmpty() ? null : text;
                });
                assertThat(alert).isEqualTo(WORDS);
                assertThat(browser.find("#wmw-input").getAttribute("value")).isEqualTo("I would like to meet people");
            } finally {
                redis.start();
            }
            browser.find(".wmw-send").click();
            browser.waitFor("the bot's answer once Redis is back", Duration.ofSeconds(15),
                    d -> d.findElements(By.cssSelector(".wmw-msg--bot")).size() > botMessages);
            assertThat(browser.find(".wmw-alert").getText()).isEmpty();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    static List<String> patientTexts(String number) {
        try {
            return node.getBean(Conversations.class).transcript(Channel.SMS, number).stream()
                    .filter(m -> "patient".equals(m.from())).map(OutboundMessage::text).toList();
        } catch (org.waymark.conversation.UnknownSessionException e) {
            return List.of(); // not one read yet
        }
    }

    static void unavailable(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.request().uri() + ": " + r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(503);
        assertThat(p.get("detail").asString()).isEqualTo(WORDS);
    }

    HttpResponse<String> sms(String sid, String from, String body) throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(sid, from, PRACTICE_NUMBER, body);
        return send(form("/twilio/sms", fields));
    }

    static HttpRequest.Builder statusCallback() {
        Map<String, String> fields = Map.of("MessageSid", TwilioRequests.newSid(), "MessageStatus", "delivered",
                "AccountSid", ACCOUNT);
        return form("/twilio/status", fields);
    }

    static HttpRequest.Builder form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TWILIO.sign(path, fields))
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Bodies of the SMS sent to this number through Twilio's REST API, oldest first. */
    static List<String> sentTo(String number) {
        return twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES_API))).stream()
                .map(LoggedRequest::getBodyAsString).map(RedisOutageTest::formFields)
                .filter(f -> number.equals(f.get("To"))).map(f -> f.get("Body")).toList();
    }

    static Map<String, String> formFields(String body) {
        return Arrays.stream(body.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> b));
    }

    /** A link worker signed in through the login form, with the session cookie it got. */
    static HttpClient signedIn() throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String login = client.send(get("/login", "text/html").build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + enc(PASSWORD) + "&_csrf="
                        + enc(csrf.group(1)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/workers"));
        return client;
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static HttpRequest.Builder get(String path, String accept) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET();
    }

    static HttpRequest.Builder json(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(r::header);
        return r;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void waitUntil(String what, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!probe(done)) {
            assertThat(System.nanoTime()).as("waited 20 s for " + what).isLessThan(until);
            Thread.sleep(100);
        }
    }

    /** The test's own look, through the app's pool: just after a restart it may draw a connection Redis closed. */
    private static boolean probe(BooleanSupplier done) {
        try {
            return done.getAsBoolean();
        } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
            return false;
        }
    }
}
