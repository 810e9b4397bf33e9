package org.waymark.channel.sms;

import org.waymark.messaging.Gsm7;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes bot texts travel as plain GSM-7 SMS of at most two parts where the words allow; a text in another script
 * (Bengali) travels whole as UCS-2.
 */
final class SmsText {
    /** Two GSM-7 parts of 153 septets. */
    static final int TWO_PARTS = 306;

    private SmsText() {
    }

    /** The text as SMS carries it: plain GSM-7, or whole in a script GSM-7 cannot write (see {@link Gsm7#forSms}). */
    static String gsm(String text) {
        return Gsm7.forSms(text);
    }

    /** Splits a text longer than two parts at sentence, then word, boundaries so each piece fits two parts. */
    static List<String> fit(String text) {
        if (SmsSegments.of(text).encoding() == SmsSegments.Encoding.UCS_2) {
            return byScript(text);
        }
        if (SmsSegments.of(text).units() <= TWO_PARTS) {
            return List.of(text);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String sentence : text.split("(?<=[.!?])\\s+|\\n+")) {
            for (String part : wordsWithin(sentence)) {
                String joined = current.isEmpty() ? part : current + " " + part;
                if (SmsSegments.of(joined).units() <= TWO_PARTS) {
                    current.setLength(0);
                    current.append(joined);
                } else {
                    pieces.add(current.toString());
                    current.setLength(0);
                    current.append(part);
                }
            }
        }
        if (!current.isEmpty()) {
            pieces.add(current.toString());
        }
        return pieces;
    }

    /**
     * A UCS-2 text (Bengali) with whole lines GSM-7 could carry (a list of activities' English names and times):
     * those lines go as their own GSM-7 text when that costs fewer parts than sending everything as UCS-2, where
     * each part holds 67 characters rather than 153.
     */
    private static List<String> byScript(String text) {
        List<String> groups = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Boolean currentGsm = null;
        for (String line : text.split("\n")) {
            boolean gsm = SmsSegments.of(line).encoding() == SmsSegments.Encoding.GSM_7;
            if (currentGsm != null && gsm != currentGsm) {
                groups.add(current.toString());
                current.setLength(0);
            }
            if (!current.isEmpty()) {
                current.append('\n');
            }
            current.append(line);
            currentGsm = gsm;
        }
        groups.add(current.toString());
        groups.removeIf(String::isBlank);
        int whole = SmsSegments.of(text).segments();
        int split = groups.stream().mapToInt(g -> SmsSegments.of(g).segments()).sum();
        return groups.size() > 1 && split < whole ? List.copyOf(groups) : List.of(text);
    }

    /** A sentence that alone exceeds two parts, cut at word boundaries (or hard, for a very long word). */
    private static List<String> wordsWithin(String sentence) {
        if (SmsSegments.of(sentence).units() <= TWO_PARTS) {
            return List.of(sentence);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : sentence.split(" ")) {
            while (SmsSegments.of(word).units() > TWO_PARTS) {
                if (!current.isEmpty()) {
                    parts.add(current.toString());
                    current.setLength(0);
                }
                parts.add(word.substring(0, TWO_PARTS / 2));
                word = word.substring(TWO_PARTS / 2);
            }
            String joined = current.isEmpty() ? word : current + " " + word;
            if (SmsSegments.of(joined).units() <= TWO_PARTS) {
                current.setLength(0);
                current.append(joined);
            } else {
                parts.add(current.toString());
                current.setLength(0);
                current.append(word);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current.toString());
        }
        return parts;
    }
}
