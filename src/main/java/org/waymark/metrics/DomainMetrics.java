package org.waymark.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.waymark.conversation.ConversationEvents;
import org.waymark.handoff.HandoffEvents;
import org.waymark.handoff.Handoffs;

/**
 * Counts what the conversation and handoff modules announce. A listener runs in the publisher's thread, so a
 * failure here (Redis gone while a claim's wait is looked up) is logged and never reaches the claim or the turn.
 */
@Component
class DomainMetrics {
    private static final Logger log = LoggerFactory.getLogger(DomainMetrics.class);

    static final String STARTED = "waymark.conversations.started";
    static final String RISK = "waymark.risk.flags";
    static final String OPENED = "waymark.handoffs.opened";
    static final String CLAIMED = "waymark.handoffs.claimed";
    static final String WAIT = "waymark.handoffs.wait";

    private final MeterRegistry registry;
    private final Handoffs handoffs;

    DomainMetrics(MeterRegistry registry, Handoffs handoffs) {
        this.registry = registry;
        this.handoffs = handoffs;
    }

    @EventListener
    void on(ConversationEvents.Started e) {
        safely(() -> registry.counter(STARTED, "channel", e.channel().code()).increment());
    }

    @EventListener
    void on(ConversationEvents.RiskRaised e) {
        safely(() -> registry.counter(RISK, "level", tag(e.level()), "category", tag(e.category())).increment());
    }

    @EventListener
    void on(HandoffEvents.Opened e) {
        safely(() -> registry.counter(OPENED, "practice", tag(e.practice()), "priority", e.priority().code(),
                "reason", tag(e.reason())).increment());
    }

    /** Claimed, and how long it waited: from opening to the claim (only a waiting handoff's claim is announced). */
    @EventListener
    void on(HandoffEvents.Claimed e) {
        safely(() -> handoffs.find(e.handoffId()).ifPresent(h -> {
            registry.counter(CLAIMED, "practice", tag(h.practice()), "priority", h.priority().code()).increment();
            if (h.openedAt() != null && h.claimedAt() != null && !h.claimedAt().isBefore(h.openedAt())) {
                Timer.builder(WAIT).description("From a handoff's opening to a link worker's claim")
                        .tags("practice", tag(h.practice()), "priority", h.priority().code())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofSeconds(10)).maximumExpectedValue(Duration.ofDays(3))
                        .register(registry).record(Duration.between(h.openedAt(), h.claimedAt()));
            }
        }));
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }

    private static void safely(Runnable count) {
        try {
            count.run();
        } catch (RuntimeException ex) {
            log.debug("A figure was not counted: {}", ex.toString());
        }
    }
}
