package org.waymark.directory;

import org.waymark.messaging.Gsm7;

import java.util.ArrayList;
import java.util.List;

/** Suggestions as one numbered text message that fits in two GSM-7 SMS segments. */
public final class SuggestionText {
    /** Two concatenated GSM-7 segments of 153 septets each. */
    public static final int MAX_SEPTETS = 306;

    private static final int MIN_NAME = 14;

    private SuggestionText() {
    }

    /**
     * "1. Name - Tue 10:00-12:00, Free, 0.8 km" per line (the when, cost and distance are the reasons in brief);
     * names are shortened until the whole text fits in {@link #MAX_SEPTETS}.
     */
    public static String forSms(List<Suggestion> suggestions) {
        return forSms(suggestions, MAX_SEPTETS);
    }

    /** As {@link #forSms(List)}, within {@code budget} septets (room left for a line the dialog adds). */
    public static String forSms(List<Suggestion> suggestions, int budget) {
        if (suggestions == null || suggestions.isEmpty()) {
            return "";
        }
        String text = render(suggestions, Integer.MAX_VALUE);
        int longest = suggestions.stream().mapToInt(s -> gsm(s.name()).length()).max().orElse(0);
        for (int max = longest - 1; septets(text) > budget && max >= MIN_NAME; max--) {
            text = render(suggestions, max);
        }
        return septets(text) <= budget ? text : cut(text, budget);
    }

    private static String render(List<Suggestion> suggestions, int maxName) {
        List<String> lines = new ArrayList<>();
        int i = 1;
        for (Suggestion s : suggestions) {
            StringBuilder line = new StringBuilder().append(i++).append(". ").append(shorten(gsm(s.name()), maxName));
            List<String> facts = new ArrayList<>();
            for (String part : new String[] {s.when(), s.cost()}) {
                if (part != null && !part.isBlank()) {
                    facts.add(gsm(part));
                }
            }
            if (s.distanceKm() != null) {
                facts.add(s.distanceKm() + " km");
            }
            if (!facts.isEmpty()) {
                line.append(" - ").append(String.join(", ", facts));
            }
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }

    private static String shorten(String name, int max) {
        return name.length() <= max ? name : name.substring(0, Math.max(1, max - 3)).stripTrailing() + "...";
    }

    private static String cut(String text, int budget) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (char c : text.toCharArray()) {
            int cost = Math.max(1, Gsm7.septets(c));
            if (used + cost > budget) {
                break;
            }
            out.append(c);
            used += cost;
        }
        return out.toString();
    }

    /** Septets this text takes in GSM-7, or -1 when it has a character GSM-7 cannot send. */
    public static int septets(String text) {
        return Gsm7.septets(text);
    }

    /** Replaces typographic quotes and dashes, drops accents GSM-7 lacks and anything else it cannot send. */
    static String gsm(String text) {
        return Gsm7.plain(text).replace('\n', ' ').replace("?", "");
    }
}
