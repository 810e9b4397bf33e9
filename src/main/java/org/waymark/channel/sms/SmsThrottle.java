package org.waymark.channel.sms;

import java.time.Duration;
import java.util.List;

import org.waymark.limits.RateLimited;
import org.waymark.limits.RateLimits;
import org.waymark.limits.RateLimits.Limit;
import org.waymark.limits.RateLimits.Rate;

/** Texts per phone number, counted in Redis across nodes; what to answer a text over the limit. */
final class SmsThrottle {
    private final RateLimits limits;
    private final Limit perNumber;
    /** The "please slow down" text goes at most once an hour to a number: each one costs the practice a text. */
    private final Limit note = Limit.of("sms-slow-down-note", new Rate(1, Duration.ofHours(1)));

    SmsThrottle(RateLimits limits, SmsLimits settings) {
        this.limits = limits;
        this.perNumber = Limit.of("sms-texts", new Rate(settings.textsPerNumberPerMinute(), Duration.ofMinutes(1)),
                new Rate(settings.textsPerNumberPerHour(), Duration.ofHours(1)));
    }

    /** Null when {@code from} may text now; else the replies to send instead of reading it (maybe none). */
    List<String> refusal(String from) {
        RateLimits.Taken taken = limits.take(perNumber, from);
        if (taken.allowed()) {
            return null;
        }
        return limits.take(note, from).allowed() ? List.of(slowDown(taken.retryAfter())) : List.of();
    }

    static String slowDown(Duration wait) {
        // one SMS segment (160 GSM-7 characters) with the longest wait, "60 minutes"
        return "You're texting faster than I can read, so I didn't read your last texts. Wait "
                + RateLimited.inWords(wait) + ", then text again. Need help now? Call 999 or Samaritans on 116 123.";
    }
}
