package org.waymark.directory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/** Suggestions as one numbered text message that fits in two GSM-7 SMS segments. */
public final class SuggestionText {
    /** Two concatenated GSM-7 segments of 153 septets each. */
    public static final int MAX_SEPTETS = 306;

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENDED = "^{}\\[~]|€\f";
    private static final int MIN_NAME = 14;

    private SuggestionText() {
    }

    /**
     * "1. Name - Tue 10:00-12:00, Free, 0.8 km (why)" per line; the reasons go first and then names are shortened
     * until the whole text fits in {@link #MAX_SEPTETS}.
     */
    public static String forSms(List<Suggestion> suggestions) {
        return forSms(suggestions, MAX_SEPTETS);
    }

    /** As {@link #forSms(List)}, within {@code budget} septets (room left for a line the dialog adds). */
    public static String forSms(List<Suggestion> suggestions, int budget) {
        if (suggestions == null || suggestions.isEmpty()) {
            return "";
        }
        String text = render(suggestions, true, Integer.MAX_VALUE);
        if (septets(text) <= budget) {
            return text;
        }
        text = render(suggestions, false, Integer.MAX_VALUE);
        int longest = suggestions.stream().mapToInt(s -> gsm(s.name()).length()).max().orElse(0);
        for (int max = longest - 1; septets(text) > budget && max >= MIN_NAME; max--) {
            text = render(suggestions, false, max);
        }
        return septets(text) <= budget ? text : cut(text, budget);
    }

    private static String render(List<Suggestion> suggestions, boolean withWhy, int maxName) {
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
            if (withWhy && s.why() != null && !s.why().isBlank()) {
                line.append(" (").append(gsm(s.why())).append(')');
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
            int cost = EXTENDED.indexOf(c) >= 0 ? 2 : 1;
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
        int n = 0;
        for (char c : text.toCharArray()) {
            if (BASIC.indexOf(c) >= 0) {
                n++;
            } else if (EXTENDED.indexOf(c) >= 0) {
                n += 2;
            } else {
                return -1;
            }
        }
        return n;
    }

    /** Replaces typographic quotes and dashes, drops accents GSM-7 lacks and anything else it cannot send. */
    static String gsm(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\u2018', '\u2019', '\u201A', '\u2032', '`' -> out.append('\'');
                case '\u201C', '\u201D', '\u201E', '\u2033' -> out.append('"');
                case '\u2013', '\u2014', '\u2212' -> out.append('-');
                case '\u2026' -> out.append("...");
                case '\u00A0', '\t', '\r', '\n' -> out.append(' ');
                default -> {
                    if (BASIC.indexOf(c) >= 0 || EXTENDED.indexOf(c) >= 0) {
                        out.append(c);
                    } else {
                        String plain = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD)
                                .replaceAll("\\p{M}", "");
                        if (plain.length() == 1 && BASIC.indexOf(plain.charAt(0)) >= 0) {
                            out.append(plain);
                        }
                    }
                }
            }
        }
        return out.toString().replaceAll(" {2,}", " ").trim();
    }
}
