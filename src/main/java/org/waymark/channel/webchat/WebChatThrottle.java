package org.waymark.channel.webchat;

import java.time.Duration;

import org.springframework.stereotype.Component;

import org.waymark.limits.RateLimits;
import org.waymark.limits.RateLimits.Limit;
import org.waymark.limits.RateLimits.Rate;
import org.waymark.practice.Practice;

/** The web chat's limits, shared by every node through Redis; over one is a 429 that says how long to wait. */
@Component
class WebChatThrottle {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    static final String URGENT = " If you need help now, call 999, or Samaritans free on 116 123.";

    private final RateLimits limits;
    private final Limit perAddress;
    private final Limit perPractice;
    private final Limit perSession;

    WebChatThrottle(RateLimits limits, WebChatLimits settings) {
        this.limits = limits;
        this.perAddress = Limit.of("webchat-sessions-address", new Rate(settings.sessionsPerAddressPerMinute(), MINUTE),
                new Rate(settings.sessionsPerAddressPerHour(), HOUR));
        this.perPractice = Limit.of("webchat-sessions-practice", new Rate(settings.sessionsPerPracticePerHour(), HOUR),
                new Rate(settings.sessionsPerPracticePerDay(), Duration.ofDays(1)));
        this.perSession = Limit.of("webchat-turns", new Rate(settings.turnsPerSessionPerMinute(), MINUTE));
    }

    /** Before a new conversation is stored: first the client's address, then the practice's own cap. */
    void newSession(String address, Practice practice) {
        limits.check(perAddress, address, "Too many new conversations",
                "Many conversations have been started from your network in a short time. Please try again in %s."
                        + URGENT);
        limits.check(perPractice, practice.id(), "Chat is busy",
                "The chat for " + practice.name() + " is very busy. Please try again in %s"
                        + (practice.phone() == null ? "." : ", or call the practice on " + practice.phone() + ".")
                        + URGENT);
    }

    /** Before a patient's message is read. */
    void turn(String sessionId) {
        limits.check(perSession, sessionId, "Too many messages",
                "You are sending messages faster than I can read them. Please wait %s, then send your message "
                        + "again." + URGENT);
    }
}
