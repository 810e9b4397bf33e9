package org.waymark.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import org.waymark.TestRedis;
import org.waymark.WaymarkApplication;

/**
 * Sign-in checks its locks in Redis; with Redis gone nobody can be checked, so nobody signs in, and the answer is a
 * clear 503 with Retry-After, not a bare 500 (nor a sign-in that skipped the lock check).
 */
class SignInWithoutRedisTest {

    @Test
    void withRedisDownSignInIs503WithRetryAfter(@TempDir Path dir) throws Exception {
        TestRedis.OwnRedis redis = TestRedis.startOwn(dir);
        try (ConfigurableApplicationContext app = SpringApplication.run(WaymarkApplication.class,
                "--waymark.redis.url=" + redis.url(), "--server.port=0", "--server.address=127.0.0.1",
                "--waymark.accounts.admin-password=without-redis", "--spring.main.banner-mode=off")) {
            String api = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
                    + "/api/handoffs?status=waiting";
            String basic = "Basic " + Base64.getEncoder().encodeToString("admin:without-redis"
                    .getBytes(StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(api)).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("with Redis").isEqualTo(200);

            redis.server().stop();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api)).header("Authorization", basic)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(r.body()).contains("Signing in is not possible for a moment");
        } finally {
            redis.server().stop();
        }
    }
}
