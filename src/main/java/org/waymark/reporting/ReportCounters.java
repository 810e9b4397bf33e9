package org.waymark.reporting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.waymark.conversation.ConversationEvents;
import org.waymark.handoff.HandoffEvents;
import org.waymark.handoff.Handoffs;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * Keeps the figures as they happen: one Redis hash per practice per day ({@code wm:reporting:<practice>:<date>})
 * of counters, and the time each handoff waited to be claimed in a sorted set per practice. Counts only: no text,
 * no numbers, no session ids.
 */
@Component
class ReportCounters {
    private static final Logger log = LoggerFactory.getLogger(ReportCounters.class);
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Figures are kept for two years; referral records follow the practice's own setting. */
    private static final long KEEP_SECONDS = Duration.ofDays(731).toSeconds();

    private final UnifiedJedis redis;
    private final Handoffs handoffs;
    private final Clock clock;

    ReportCounters(UnifiedJedis redis, Handoffs handoffs, Clock clock) {
        this.redis = redis;
        this.handoffs = handoffs;
        this.clock = clock;
    }

    static String dayKey(String practice, LocalDate day) {
        return "wm:reporting:" + practice + ":" + day;
    }

    static String claimsKey(String practice) {
        return "wm:reporting:claims:" + practice;
    }

    private void count(String practice, Instant at, Map<String, Long> fields) {
        if (practice == null) {
            return;
        }
        String key = dayKey(practice, LocalDate.ofInstant(at, LONDON));
        try (AbstractPipeline p = redis.pipelined()) {
            fields.forEach((field, by) -> p.hincrBy(key, field, by));
            p.expire(key, KEEP_SECONDS);
            p.sync();
        }
    }

    @EventListener
    void on(ConversationEvents.Started e) {
        count(e.practice(), e.at(), Map.of("started", 1L, "channel:" + e.channel().code(), 1L));
    }

    @EventListener
    void on(ConversationEvents.Completed e) {
        count(e.practice(), e.at(), Map.of("completed", 1L, "end:" + e.endState(), 1L));
    }

    @EventListener
    void on(ConversationEvents.NeedsConfirmed e) {
        Map<String, Long> fields = new java.util.HashMap<>();
        e.needs().forEach(n -> fields.put("need:" + n, 1L));
        fields.put("needs_confirmed", 1L);
        count(e.practice(), e.at(), fields);
    }

    @EventListener
    void on(ConversationEvents.SuggestionsShown e) {
        count(e.practice(), e.at(), Map.of("shown", (long) e.activityIds().size(), "suggestion_lists", 1L));
    }

    @EventListener
    void on(ConversationEvents.ActivityChosen e) {
        count(e.practice(), e.at(), Map.of("chosen", 1L));
    }

    @EventListener
    void on(ConversationEvents.RiskRaised e) {
        count(e.practice(), e.at(), Map.of("risk", 1L, "risk:" + e.level(), 1L));
    }

    @EventListener
    void on(HandoffEvents.Opened e) {
        count(e.practice(), clock.instant(), Map.of("handoff", 1L, "handoff:reason:" + e.reason(), 1L,
                "handoff:priority:" + e.priority().code(), 1L));
    }

    /** Time to claim: from opening to a link worker claiming it, kept by when it was claimed. */
    @EventListener
    void on(HandoffEvents.Claimed e) {
        handoffs.find(e.handoffId()).filter(h -> h.claimedAt() != null && h.openedAt() != null).ifPresent(h -> {
            long waited = Duration.between(h.openedAt(), h.claimedAt()).toMillis();
            redis.zadd(claimsKey(h.practice()), h.claimedAt().toEpochMilli(), h.id() + "|" + waited);
            log.debug("Handoff {} claimed after {} ms", h.id(), waited);
        });
    }

    static long waited(String member) {
        return Long.parseLong(member.substring(member.lastIndexOf('|') + 1));
    }
}
