package org.waymark.channel.sms;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * SMS figures for {@code /actuator/prometheus}: texts sent (the bot's answers in TwiML, and texts Twilio accepted
 * through the outbox), texts that did not reach the patient by their status, and the parts (segments) billed. Counts
 * only: no numbers, no words.
 */
final class SmsMetrics {
    static final String SENT = "waymark.sms.sent";
    static final String FAILED = "waymark.sms.failed";
    static final String SEGMENTS = "waymark.sms.segments";

    private final MeterRegistry registry;

    SmsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counting into nothing anyone reads (for code built without the app's registry). */
    static SmsMetrics none() {
        return new SmsMetrics(new SimpleMeterRegistry());
    }

    /** The bot's answer to an inbound text, one TwiML message per text. */
    void replied(List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        long segments = texts.stream().mapToLong(t -> SmsSegments.of(t).segments()).sum();
        registry.counter(SENT, "route", "reply").increment(texts.size());
        registry.counter(SEGMENTS, "route", "reply").increment(segments);
    }

    /** Twilio accepted a text from the outbox. */
    void accepted(String body) {
        registry.counter(SENT, "route", "outbox").increment();
        registry.counter(SEGMENTS, "route", "outbox").increment(SmsSegments.of(body).segments());
    }

    /** A text that did not reach the patient: failed, undelivered (Twilio's callback) or opted_out. */
    void missed(DeliveryStatus status) {
        registry.counter(FAILED, "status", status.code()).increment();
    }
}
