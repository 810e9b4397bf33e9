package org.waymark.channel.sms;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Twilio's default SMS keywords, matched as Twilio matches them: the whole message is the one word, in any case,
 * with any spaces or punctuation around it ("Stop!", " stop. "). Anything longer ("please stop the rent increase",
 * "stop texting me please") is no keyword and goes to the conversation like any text. Twilio lists these for its
 * default and Advanced Opt-Out handling: https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out
 */
enum Keyword {
    /** STOP and its synonyms: opt out. */
    STOP,
    /** START and UNSTOP: opt back in. */
    START,
    /** YES: opts back in only a number that is opted out; for everyone else it is an answer in the conversation. */
    YES,
    /** HELP and INFO. */
    HELP,
    NONE;

    private static final Set<String> STOPS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "REVOKE", "OPTOUT");
    private static final Set<String> STARTS = Set.of("START", "UNSTOP");
    private static final Set<String> HELPS = Set.of("HELP", "INFO");
    /** Spaces and punctuation around the word (Unicode's too: a phone may send curly quotes). */
    private static final Pattern AROUND = Pattern.compile("^[\\s\\p{Z}\\p{P}]+|[\\s\\p{Z}\\p{P}]+$");

    static Keyword of(String body) {
        if (body == null) {
            return NONE;
        }
        String word = AROUND.matcher(body).replaceAll("").toUpperCase(Locale.ROOT);
        if (STOPS.contains(word)) {
            return STOP;
        }
        if (STARTS.contains(word)) {
            return START;
        }
        if ("YES".equals(word)) {
            return YES;
        }
        return HELPS.contains(word) ? HELP : NONE;
    }
}
