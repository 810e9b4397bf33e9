package org.waymark.handoff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import org.waymark.practice.Practice;
import org.waymark.practice.Practices;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Emergencies that no one claims in time: after {@code waymark.handoff.emergency-unclaimed-after} (5 minutes) a
 * waiting emergency is escalated once, on whichever node looks first: a text to the on-call number
 * ({@code waymark.handoff.on-call-number}, through the SMS outbox) and an entry in the audit. Opening hours do not
 * matter: out of hours an emergency reaches the number too. The text names no patient, only the practice and a link.
 */
@Component
class EmergencyWatch {
    private static final Logger log = LoggerFactory.getLogger(EmergencyWatch.class);

    private final Handoffs handoffs;
    private final UnifiedJedis redis;
    private final ApplicationEventPublisher events;
    private final Practices practices;
    private final Clock clock;
    private final Duration after;
    private final String onCall;
    private final String baseUrl;

    EmergencyWatch(Handoffs handoffs, UnifiedJedis redis, ApplicationEventPublisher events, Practices practices,
                   Clock clock,
                   @Value("${waymark.handoff.emergency-unclaimed-after:5m}") Duration after,
                   @Value("${waymark.handoff.on-call-number:}") String onCall,
                   @Value("${waymark.public-base-url:}") String baseUrl) {
        this.handoffs = handoffs;
        this.redis = redis;
        this.events = events;
        this.practices = practices;
        this.clock = clock;
        this.after = after.isNegative() || after.isZero() ? Duration.ofMinutes(5) : after;
        this.onCall = onCall == null || onCall.isBlank() ? null : onCall.strip().replace(" ", "");
        this.baseUrl = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
        if (this.onCall == null) {
            log.warn("No on-call number (WAYMARK_ONCALL_NUMBER): an emergency unclaimed for {} is only recorded in "
                    + "the audit", this.after);
        }
    }

    static String markerKey(String id) {
        return "wm:{handoff}:" + id + ":on-call";
    }

    Duration after() {
        return after;
    }

    @Scheduled(fixedDelayString = "${waymark.handoff.emergency-check:PT30S}", initialDelayString = "PT20S")
    void check() {
        try {
            escalateDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Emergency check failed this round: {}", e.toString());
        }
    }

    /** Escalates each waiting emergency opened at least {@link #after} before {@code now}; returns their ids. */
    List<String> escalateDue(Instant now) {
        List<String> done = new ArrayList<>();
        for (Handoff h : handoffs.list(HandoffStatus.WAITING)) {
            if (h.priority() != Priority.EMERGENCY) {
                break; // the queue is in priority order: no emergencies after this one
            }
            Duration waited = Duration.between(h.openedAt(), now);
            if (waited.compareTo(after) < 0) {
                continue;
            }
            // once per handoff, whichever node gets here first
            String won = redis.set(markerKey(h.id()), now.toString(),
                    SetParams.setParams().nx().ex(Duration.ofDays(90).toSeconds()));
            if (!"OK".equals(won)) {
                continue;
            }
            String practice = practices.byId(h.practice()).map(Practice::name).orElse(h.practice());
            long minutes = Math.max(1, waited.toMinutes());
            if (onCall == null) {
                handoffs.recordEscalation(h.id(), "no on-call number is set (WAYMARK_ONCALL_NUMBER); unclaimed "
                        + minutes + " min");
            } else {
                String text = "Waymark: an emergency at " + practice + " (case " + h.id().substring(0, 8)
                        + ") has waited " + minutes + " min with no link worker. Please open it now"
                        + (baseUrl.isEmpty() ? " from the queue." : ": " + baseUrl + "/workers/handoffs/" + h.id());
                events.publishEvent(new HandoffEvents.OnCallAlert(h.id(), h.practice(), onCall, text));
                handoffs.recordEscalation(h.id(), "texted the on-call number "
                        + PatientReference.mask(org.waymark.messaging.Channel.SMS, onCall) + "; unclaimed " + minutes
                        + " min");
            }
            log.warn("Emergency {} unclaimed for {} min: escalated to on-call", h.id(), minutes);
            done.add(h.id());
        }
        return done;
    }
}
