package org.waymark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import org.waymark.store.RedisHealth;

import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Redis outage met in a filter (a rate limit, the sign-in throttle), where no controller advice sees it: the
 * same 503 as from a controller, never the servlet container's 500. The Redis here is a port nothing listens on.
 */
class RedisDownFilterTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static RedisClient nowhere;
    static RedisDownFilter filter;

    @BeforeAll
    static void noRedis() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        nowhere = RedisClient.create(URI.create("redis://127.0.0.1:" + port));
        filter = new RedisDownFilter(new RedisDownErrors(new RedisHealth(nowhere), JSON));
    }

    @AfterAll
    static void close() {
        nowhere.close();
    }

    @Test
    void anApiClientGetsProblemDetailsWithRetryAfter() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/webchat/sessions");
        request.addHeader("Accept", "application/json");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> nowhere.incr("wm:limit:test")); // a limit counted in Redis

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("60");
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.get("detail").asString()).isEqualTo(RedisDownErrors.MESSAGE)
                .contains("In an emergency call 999");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/webchat/sessions");
    }

    @Test
    void aBrowserAskingForAWorkerPageGetsAPlainPageWithTheSameWords() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/workers");
        request.addHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> nowhere.get("wm:session:whatever"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("60");
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getContentAsString()).contains("<html lang=\"en\">").contains(RedisDownErrors.MESSAGE);
    }

    @Test
    void anyOtherFailureIsLeftToTheUsualErrorHandling() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/handoffs");
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThatThrownBy(() -> filter.doFilter(request, response, (req, res) -> {
            throw new IllegalStateException("a bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
        assertThat(response.getStatus()).isEqualTo(200);
    }
}
