package org.waymark.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import org.waymark.WaymarkApplication;

/**
 * A fresh start, as {@code java -jar waymark.jar} with no {@code REDIS_URL}: the embedded Redis. SIGTERM (what
 * {@code docker stop} and Kubernetes send) drains the web server first and stops Redis last, with nothing logged at
 * WARN or ERROR on the way; readiness goes DOWN when that Redis dies while liveness stays UP.
 */
class GracefulShutdownTest {
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Pattern REDIS_PORT = Pattern.compile("Started embedded Redis on 127\\.0\\.0\\.1:(\\d+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sigtermDrainsTheWebServerThenStopsRedisAndLogsNoError(@TempDir Path data) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = data.resolve("app.log");
        Process app = new ProcessBuilder(javaBin.toString(), "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                WaymarkApplication.class.getName(), "--server.port=0", "--server.address=127.0.0.1",
                "--waymark.redis.url=", "--waymark.redis.data-dir=" + data,
                "--waymark.accounts.admin-password=shutdown-test-password",
                "--waymark.webchat.limits.sessions-per-address-per-minute=0",
                "--waymark.webchat.limits.sessions-per-address-per-hour=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        java.util.function.Supplier<List<String>> lines = () -> {
            try {
                return Files.readAllLines(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return List.of();
            }
        };
        try {
            String port = await(lines, PORT, app);
            String redisPort = await(lines, REDIS_PORT, app);
            String base = "http://127.0.0.1:" + port;
            awaitReady(base);
            for (int i = 0; i < 4; i++) {
                assertThat(startChat(base).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            }
            int before = lines.get().size();
            // patients at work when the signal comes: a chat accepted before it is answered in full (Redis still up),
            // one after it finds the port closed; none gets an error
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                inFlight.add(startChat(base));
            }

            app.destroy(); // SIGTERM
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app exits").isTrue();

            for (CompletableFuture<HttpResponse<String>> r : inFlight) {
                try {
                    HttpResponse<String> answer = r.get(30, TimeUnit.SECONDS);
                    assertThat(answer.statusCode()).as("a chat started during shutdown: " + answer.body() + "\n"
                            + String.join("\n", lines.get().subList(before, lines.get().size()))).isEqualTo(201);
                } catch (java.util.concurrent.ExecutionException refused) {
                    assertThat(refused).hasCauseInstanceOf(IOException.class);
                }
            }
            List<String> all = lines.get();
            List<String> shutdown = new ArrayList<>(all.subList(before, all.size()));
            assertThat(shutdown).as("what the app logged after SIGTERM")
                    .noneMatch(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.contains("Exception"));
            int drained = indexOf(shutdown, "Graceful shutdown complete");
            int stopped = indexOf(shutdown, "Stopped embedded Redis on port " + redisPort);
            assertThat(drained).as("the web server drained: " + shutdown).isNotNegative();
            assertThat(stopped).as("Redis stopped after the web server drained: " + shutdown).isGreaterThan(drained);
            assertThat(listening(Integer.parseInt(redisPort))).as("no Redis left behind").isFalse();
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void readinessGoesDownWhenTheEmbeddedRedisDiesAndLivenessStaysUp(@TempDir Path data) throws Exception {
        ConfigurableApplicationContext node = SpringApplication.run(WaymarkApplication.class,
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                "--waymark.redis.url=", "--waymark.redis.data-dir=" + data, "--waymark.redis.timeout=500ms",
                "--waymark.accounts.admin-password=readiness-test-password");
        try {
            String base = "http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port");
            awaitReady(base);
            EmbeddedRedis redis = node.getBean(RedisConfiguration.EmbeddedRedisHolder.class).server();
            assertThat(redis).as("started with no REDIS_URL: the embedded Redis").isNotNull();

            ProcessHandle.of(redis.pid()).orElseThrow().destroyForcibly(); // a crash
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (listening(redis.port()) && System.nanoTime() < until) {
                Thread.sleep(50);
            }

            HttpResponse<String> readiness = get(base + "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"DOWN\"");
            assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
        } finally {
            node.close();
        }
    }

    /** Ready once the directory is loaded too (a moment after the web server is up). */
    private void awaitReady(String base) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get(base + "/actuator/health/readiness").statusCode() != 200) {
            assertThat(System.nanoTime()).as("ready within a minute").isLessThan(until);
            Thread.sleep(200);
        }
    }

    private CompletableFuture<HttpResponse<String>> startChat(String base) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/webchat/sessions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String await(java.util.function.Supplier<List<String>> lines, Pattern pattern, Process app)
            throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < until) {
            for (String line : lines.get()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (!app.isAlive()) {
                throw new AssertionError("the app exited: " + String.join("\n", lines.get()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + pattern + "' in: " + String.join("\n", lines.get()));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
