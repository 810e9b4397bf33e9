package org.waymark.channel.webchat;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How fast web chats may be started and used, under {@code waymark.webchat.limits}; 0 turns one off. A new
 * conversation costs about 1.5 KB of Redis, kept for the session time-to-live (30 days), so the caps are what
 * stop one client filling Redis. The widget keeps its session across page loads, so a patient starts one
 * conversation, not one a page.
 *
 * @param sessionsPerAddressPerMinute new conversations from one client address in a minute
 * @param sessionsPerAddressPerHour   ... and in an hour (a family or a surgery's waiting-room wifi share one)
 * @param sessionsPerPracticePerHour  new conversations for one practice in an hour, from all addresses together
 * @param sessionsPerPracticePerDay   ... and in a day (a busy day, even after a text to every patient, fits)
 * @param turnsPerSessionPerMinute    messages one conversation may send in a minute (faster than anyone types)
 */
@ConfigurationProperties("waymark.webchat.limits")
record WebChatLimits(Integer sessionsPerAddressPerMinute, Integer sessionsPerAddressPerHour,
                     Integer sessionsPerPracticePerHour, Integer sessionsPerPracticePerDay,
                     Integer turnsPerSessionPerMinute) {
    WebChatLimits {
        sessionsPerAddressPerMinute = orDefault(sessionsPerAddressPerMinute, 5);
        sessionsPerAddressPerHour = orDefault(sessionsPerAddressPerHour, 30);
        sessionsPerPracticePerHour = orDefault(sessionsPerPracticePerHour, 500);
        sessionsPerPracticePerDay = orDefault(sessionsPerPracticePerDay, 3000);
        turnsPerSessionPerMinute = orDefault(turnsPerSessionPerMinute, 20);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
