package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's live feed over real HTTP: a signed-in worker's event stream hears of a new patient, a claim and
 * the patient's next message, each published through Redis so whichever node holds the stream pushes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DashboardEventsTest {
    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Test
    void withoutSigningInTheEventStreamRedirectsToSignIn() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("/workers/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        // HttpClient follows no redirects by default: the page chain sends the browser to /login.
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void aSignedInWorkersStreamHearsOfANewPatientAClaimAndTheirNextMessage() throws Exception {
        signIn();
        BlockingQueue<JsonNode> changes = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(url("/workers/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        changes.add(json.readTree(line.substring(5)));
                    }
                });
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();

        String[] session = newWebChat();
        say(session, "yes");
        say(session, "PERSON");
        JsonNode opened = next(changes, "opened");
        assertThat(opened.get("priority").asString()).isEqualTo("routine");
        assertThat(opened.get("status").asString()).isEqualTo("waiting");
        String id = opened.get("handoffId").asString();

        HttpResponse<String> claim = http.send(HttpRequest.newBuilder(url("/api/handoffs/" + id + "/claim"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(claim.statusCode()).isEqualTo(200);
        JsonNode claimed = next(changes, "claimed");
        assertThat(claimed.get("handoffId").asString()).isEqualTo(id);
        assertThat(claimed.get("assignee").asString()).isEqualTo("admin");

        say(session, "<script>alert(1)</script> are you there?");
        JsonNode message = next(changes, "message");
        assertThat(message.get("handoffId").asString()).isEqualTo(id);
        assertThat(message.get("message").get("from").asString()).isEqualTo("patient");
        assertThat(message.get("message").get("text").asString()).isEqualTo("<script>alert(1)</script> are you there?");
        stream.body().close();
    }

    private JsonNode next(BlockingQueue<JsonNode> changes, String type) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode c = changes.poll(200, TimeUnit.MILLISECONDS);
            if (c == null) {
                continue;
            }
            if (type.equals(c.get("type").asString())) {
                return c;
            }
            seen.add(c.get("type").asString());
        }
        throw new AssertionError("no '" + type + "' change within 10 s; saw " + seen);
    }

    private void signIn() throws IOException, InterruptedException {
        String page = http.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("CSRF token on the sign-in page").isTrue();
        String form = "username=admin&password=test-admin-password&_csrf="
                + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/workers"));
    }

    private String[] newWebChat() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/webchat/sessions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = json.readTree(r.body());
        return new String[] {n.get("sessionId").asString(), n.get("token").asString()};
    }

    private void say(String[] session, String text) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/webchat/sessions/" + session[0]
                        + "/messages")).header("Content-Type", "application/json").header("X-Session-Token", session[1])
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of("text", text))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
