package org.waymark;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import org.waymark.store.RedisHealth;

import jakarta.servlet.http.HttpServletRequest;
import redis.clients.jedis.exceptions.JedisException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route's answer while Redis cannot be reached: 503 with {@code Retry-After} and the same plain words, as
 * RFC 9457 problem details, or as a small HTML page for a browser asking for a page outside the APIs. Controllers
 * reach it through this advice; {@link RedisDownFilter} gives the same answer for what fails outside them (filters,
 * view rendering). Other Redis errors (a bug, a wrong type) are left to the usual 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RedisDownErrors {
    static final String MESSAGE = "Waymark cannot reach its database just now. Please try again in a minute. "
            + "In an emergency call 999.";
    /** Seconds, as the message says. */
    static final String RETRY_AFTER = "60";
    static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8);
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Waymark is not available just now</title>
              <link rel="stylesheet" href="/css/waymark.css">
            </head>
            <body>
            <div class="wm-width-container">
              <main class="wm-main-wrapper" id="maincontent">
                <h1 class="wm-heading-l">Waymark is not available just now</h1>
                <p>%s</p>
                <p>Nothing you have already saved is lost.</p>
              </main>
            </div>
            </body>
            </html>
            """.formatted(MESSAGE);

    private final RedisHealth redis;
    private final JsonMapper json;

    RedisDownErrors(RedisHealth redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** Matches a Jedis exception anywhere in the cause chain; anything but an outage goes on to the usual 500. */
    @ExceptionHandler(JedisException.class)
    ResponseEntity<String> redisDown(JedisException e, HttpServletRequest request) {
        if (!RedisHealth.isOutage(e)) {
            throw e;
        }
        return answer(request, e);
    }

    ResponseEntity<String> answer(HttpServletRequest request, Throwable cause) {
        redis.outage(cause);
        boolean page = wantsPage(request);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(page ? HTML : MediaType.APPLICATION_PROBLEM_JSON)
                .body(page ? PAGE : problem(request));
    }

    private String problem(HttpServletRequest request) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", "Service Unavailable");
        p.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
        p.put("detail", MESSAGE);
        p.put("instance", request.getRequestURI());
        return json.writeValueAsString(p);
    }

    /** A browser asking for a page (text/html by name, not just any type) outside the APIs and webhooks. */
    static boolean wantsPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/") || path.startsWith("/twilio/") || path.startsWith("/actuator/")
                || path.startsWith("/simulator/api/")) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(m -> "text".equals(m.getType())
                    && "html".equals(m.getSubtype()) && m.getQualityValue() > 0);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
