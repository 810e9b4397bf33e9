package org.waymark.metrics;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code waymark.turns{channel}}: patient messages answered, counted where patients write: a web chat message
 * ({@code POST /api/webchat/sessions/{id}/messages}), a text through Twilio's webhook ({@code POST /twilio/sms}) or
 * the phone simulator ({@code POST /simulator/api/sms}). Only answers below 400 count: a refused, limited or
 * Redis-down message is no turn. (No module announces a turn; this keeps the conversation's code untouched.)
 */
@Component
class TurnMetrics extends OncePerRequestFilter {
    static final String TURNS = "waymark.turns";

    private final Counter webchat;
    private final Counter sms;

    TurnMetrics(MeterRegistry registry) {
        this.webchat = registry.counter(TURNS, "channel", "webchat");
        this.sms = registry.counter(TURNS, "channel", "sms");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return channel(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (response.getStatus() < 400) {
            channel(request).increment();
        }
    }

    private Counter channel(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/twilio/sms") || path.equals("/simulator/api/sms")) {
            return sms;
        }
        return path.startsWith("/api/webchat/sessions/") && path.endsWith("/messages")
                && path.indexOf('/', "/api/webchat/sessions/".length()) == path.length() - "/messages".length()
                ? webchat : null;
    }
}
