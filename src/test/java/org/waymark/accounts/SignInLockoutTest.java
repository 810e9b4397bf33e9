package org.waymark.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.TestRedis;
import org.waymark.handoff.Handoffs;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guessing passwords, over real HTTP, with the default limits: five failures lock an account for 15 minutes and
 * twenty lock the address, for the form and HTTP Basic alike; while locked the right password is refused too, and
 * each lock is in the audit trail. X-Forwarded-For (trusted from 127.0.0.1 in this context) gives each test its own
 * address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "limits"})
class SignInLockoutTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "test-admin-password";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    Handoffs handoffs;

    final String address = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);

    @BeforeEach
    void emptyBuckets() {
        TestRedis.deleteKeys("wm:limit:*");
    }

    /** One browser: its own cookies, the sign-in page's CSRF token, never following redirects. */
    final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(url(path)).header("X-Forwarded-For", address).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Fills in the sign-in form and sends it: where it redirects to. */
        String signIn(String username, String password) throws Exception {
            Matcher csrf = CSRF.matcher(get("/login").body());
            assertThat(csrf.find()).as("the form carries a CSRF token").isTrue();
            String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", address)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            return r.headers().firstValue("Location").orElseThrow();
        }
    }

    HttpResponse<String> basic(String username, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("/api/handoffs?status=waiting"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("X-Forwarded-For", address).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    List<Map<String, String>> locks() {
        return handoffs.audit(500).stream().filter(e -> "sign-in locked".equals(e.get("action"))).toList();
    }

    @Test
    void fiveWrongPasswordsOnTheFormLockTheAccountAndThenTheRightOneIsRefusedToo() throws Exception {
        Browser browser = new Browser();
        // counted from the test's start, not by the audit's last 500 entries, which earlier tests fill up
        java.time.Instant start = java.time.Instant.now();
        for (int i = 0; i < 4; i++) {
            assertThat(browser.signIn("admin", "wrong-" + i)).endsWith("/login?error");
        }
        assertThat(browser.signIn("admin", PASSWORD)).as("four failures do not lock").endsWith("/workers");

        Browser attacker = new Browser();
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.signIn("admin", "guess-" + i)).endsWith("/login?error");
        }
        String locked = attacker.signIn("admin", PASSWORD);
        assertThat(locked).as("the right password while locked").endsWith("/login?locked=15");
        String page = attacker.get(URI.create(locked).getPath() + "?" + URI.create(locked).getQuery()).body();
        assertThat(page).contains("Too many attempts. Try again in 15 minutes.");
        assertThat(attacker.get("/workers").statusCode()).as("not signed in").isEqualTo(302);

        List<Map<String, String>> locks = locks().stream()
                .filter(e -> !java.time.Instant.parse(e.get("at")).isBefore(start)).toList();
        assertThat(locks).hasSize(1);
        assertThat(locks.get(0)).containsEntry("who", "admin");
        assertThat(locks.get(0).get("detail")).contains("5 failed sign-ins").doesNotContain("guess");
        assertThat(String.valueOf(locks.get(0))).doesNotContain(PASSWORD);
    }

    @Test
    void anAccountThatDoesNotExistLocksTheSameWaySoTheFormTellsNothing() throws Exception {
        Browser browser = new Browser();
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn("nobody-here", "guess-" + i)).endsWith("/login?error");
        }
        assertThat(browser.signIn("nobody-here", "guess-5")).endsWith("/login?locked=15");
    }

    @Test
    void httpBasicGets429WithRetryAfterOnceLockedEvenWithTheRightPassword() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(basic("admin", "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> r = basic("admin", PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(850L, 900L);
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asString()).contains("Try again in 15 minutes");
        assertThat(locks().get(0)).containsEntry("who", "admin");

        TestRedis.deleteKeys("wm:limit:sign-in-lock-account:*");
        assertThat(basic("admin", PASSWORD).statusCode()).as("once the lock is over").isEqualTo(200);
    }

    @Test
    void twentyFailuresFromOneAddressLockTheAddressForEveryAccount() throws Exception {
        for (int i = 0; i < 20; i++) {
            // a different name each time: no account reaches its own five
            assertThat(basic("user-" + i, "guess").statusCode()).isEqualTo(401);
        }
        assertThat(basic("admin", PASSWORD).statusCode()).as("the right password from a locked address")
                .isEqualTo(429);
        Browser browser = new Browser();
        assertThat(browser.signIn("admin", PASSWORD)).endsWith("/login?locked=15");
        assertThat(locks().get(0)).containsEntry("who", "address");
        assertThat(locks().get(0).get("detail")).contains("20 failed sign-ins from " + address);
    }
}
