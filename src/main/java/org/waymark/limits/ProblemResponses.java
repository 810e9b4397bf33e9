package org.waymark.limits;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

/** Writes a problem detail straight to the response, for filters that answer before Spring MVC is reached. */
public final class ProblemResponses {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /** @param retryAfter the {@code Retry-After} header, or null for none */
    public static void write(HttpServletResponse response, ProblemDetail problem, Duration retryAfter)
            throws IOException {
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RateLimited.retryAfterSeconds(retryAfter)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        byte[] json = JSON.writeValueAsBytes(body);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
    }

    /** A {@link RateLimited} as 429 with its {@code Retry-After}. */
    public static void write(HttpServletResponse response, RateLimited limited) throws IOException {
        write(response, limited.problem(), Duration.ofSeconds(limited.retryAfterSeconds()));
    }
}
