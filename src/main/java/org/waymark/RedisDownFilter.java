package org.waymark;

import java.io.IOException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import org.waymark.store.RedisHealth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The outermost filter: a Redis outage met where no controller advice sees it (another filter such as a rate
 * limit or the sign-in throttle, a page's rendering) gets the same 503 as {@link RedisDownErrors} gives, never
 * the servlet container's 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RedisDownFilter extends OncePerRequestFilter {
    private final RedisDownErrors errors;

    RedisDownFilter(RedisDownErrors errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!RedisHealth.isOutage(e) || response.isCommitted()) {
                throw e;
            }
            write(errors.answer(request, e), response);
        }
    }

    private static void write(ResponseEntity<String> answer, HttpServletResponse response) throws IOException {
        response.reset();
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        byte[] body = answer.getBody() == null ? new byte[0]
                : answer.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
