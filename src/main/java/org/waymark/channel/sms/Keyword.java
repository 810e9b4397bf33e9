package org.waymark.channel.sms;

import java.util.Locale;
import java.util.Set;

/** The carrier-style keywords that work in every state, matched like Twilio does: the whole message, any case. */
enum Keyword {
    STOP, START, HELP, NONE;

    private static final Set<String> STOPS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
    private static final Set<String> STARTS = Set.of("START", "UNSTOP");

    static Keyword of(String body) {
        if (body == null) {
            return NONE;
        }
        String word = body.strip().replaceAll("[.!]+$", "").strip().toUpperCase(Locale.ROOT);
        if (STOPS.contains(word)) {
            return STOP;
        }
        if (STARTS.contains(word)) {
            return START;
        }
        return "HELP".equals(word) || "INFO".equals(word) ? HELP : NONE;
    }
}
