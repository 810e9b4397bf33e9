package org.waymark.conversation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.waymark.nlu.Intents;
import org.waymark.nlu.Parse;

/** Reads a follow-up answer (did you go?) and an ONS4 score (0 to 10) from a patient's reply. */
final class FollowUpAnswers {
    /** In the order the follow-up question lists them, so "1" to "4" pick one. */
    static final List<String> OUTCOMES = List.of("went", "not_yet", "did_not_go", "not_running");

    private static final Pattern NOT_RUNNING = Pattern.compile("(wasn'?t|was not|isn'?t|is not|not) (running|on|"
            + "there|happening|open)|cancel+ed|closed|no longer|shut|nobody (was )?there|no one (was )?there|"
            + "didn'?t exist|wasn'?t running");
    private static final Pattern NOT_YET = Pattern.compile("not yet|haven'?t yet|yet to|going (next|soon|on)|"
            + "next week|soon|will go|planning to|plan to");
    private static final Pattern DID_NOT_GO = Pattern.compile("didn'?t go|did not go|couldn'?t|could not|"
            + "didn'?t make it|never went|not going|wasn'?t able|\\bno\\b|nope|didn'?t");
    private static final Pattern WENT = Pattern.compile("\\bwent\\b|\\bi did\\b|\\byes\\b|\\byeah\\b|\\byep\\b|"
            + "\\bbeen\\b|\\bgone\\b|loved|enjoyed|\\bgood\\b|\\bgreat\\b|\\bgo(ing)? every");
    private static final Pattern DIGITS = Pattern.compile("(?<![\\d.])(\\d{1,2})(?![\\d.])");
    private static final Map<String, Integer> WORDS = Map.ofEntries(Map.entry("zero", 0), Map.entry("none", 0),
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
            Map.entry("nine", 9), Map.entry("ten", 10));
    private static final String NUMBER = "(?:\\d|zero|none|one|two|three|four|five|six|seven|eight|nine|ten)";
    /**
     * A number below zero ("-1", "minus one"): the minus comes first or after a word, not between two numbers (a
     * range such as "6-7" is two numbers, asked again anyway).
     */
    private static final Pattern NEGATIVE = Pattern.compile("(?:^|[^\\d\\s])\\s*(?:[-\u2212\u2013]|\\bminus\\b|"
            + "\\bnegative\\b)\\s*" + NUMBER);
    /** Not one number on the scale: "seven-ish", "7ish", "six and a half". */
    private static final Pattern INEXACT = Pattern.compile(NUMBER + " ?-? ?ish\\b|\\bish\\b|\\bhalf\\b");

    private FollowUpAnswers() {
    }

    static Optional<String> outcome(String text, Parse parse) {
        String t = plain(text);
        Matcher digit = DIGITS.matcher(t);
        if (t.matches("\\d{1,2}") && digit.find()) {
            int i = Integer.parseInt(digit.group(1));
            return i >= 1 && i <= OUTCOMES.size() ? Optional.of(OUTCOMES.get(i - 1)) : Optional.empty();
        }
        if (NOT_RUNNING.matcher(t).find()) {
            return Optional.of("not_running");
        }
        if (NOT_YET.matcher(t).find()) {
            return Optional.of("not_yet");
        }
        if (DID_NOT_GO.matcher(t).find()) {
            return Optional.of("did_not_go");
        }
        if (WENT.matcher(t).find() || parse.is(Intents.AFFIRM)) {
            return Optional.of("went");
        }
        return parse.is(Intents.DENY) ? Optional.of("did_not_go") : Optional.empty();
    }

    /**
     * A score 0-10 ("7", "7/10", "about seven"); nothing, so the question is asked again, when there is none, more
     * than one, one off the scale ("11", "-1") or one only roughly given ("seven-ish", "six and a half").
     */
    static Optional<Integer> score(String text) {
        String t = plain(text);
        if (NEGATIVE.matcher(t).find() || INEXACT.matcher(t).find()) {
            return Optional.empty();
        }
        t = t.replaceAll("(\\d{1,2}) ?(/|out of) ?10", "$1");
        Matcher m = DIGITS.matcher(t);
        Integer found = null;
        while (m.find()) {
            if (found != null) {
                return Optional.empty();
            }
            found = Integer.parseInt(m.group(1));
        }
        if (found == null) {
            for (String word : t.split("[^a-z]+")) {
                Integer w = WORDS.get(word);
                if (w != null) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    found = w;
                }
            }
        }
        return found != null && found >= 0 && found <= 10 ? Optional.of(found) : Optional.empty();
    }

    private static String plain(String text) {
        return text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').trim().replaceAll("[.!?]+$", "");
    }
}
