package org.waymark.channel.sms;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/** Makes bot texts travel as plain GSM-7 SMS of at most two parts where the words allow. */
final class SmsText {
    /** Two GSM-7 parts of 153 septets. */
    static final int TWO_PARTS = 306;

    private SmsText() {
    }

    /** Curly quotes, dashes and ellipses to their plain forms; accents dropped where GSM-7 lacks them; emoji removed. */
    static String gsm(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            String plain = plain(cp);
            out.append(plain);
        });
        return out.toString().replaceAll("[ ]{2,}", " ").replaceAll(" +\n", "\n").strip();
    }

    private static String plain(int cp) {
        switch (cp) {
            case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u00B4', '`' -> { return "'"; }
            case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB' -> { return "\""; }
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u2022', '\u00B7' -> {
                return "-";
            }
            case '\u2026' -> { return "..."; }
            case '\t', '\u00A0', '\u2002', '\u2003', '\u2009', '\u202F' -> { return " "; }
            case '\u200B', '\u200C', '\u200D', '\uFE0E', '\uFE0F' -> { return ""; }
            default -> { }
        }
        if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT && SmsSegments.isGsm((char) cp) && cp != '\f') {
            return String.valueOf((char) cp);
        }
        int type = Character.getType(cp);
        if (cp >= Character.MIN_SUPPLEMENTARY_CODE_POINT || type == Character.OTHER_SYMBOL
                || type == Character.NON_SPACING_MARK || type == Character.CONTROL || type == Character.FORMAT) {
            return ""; // emoji, pictographs and invisible marks carry no words
        }
        String stripped = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        if (!stripped.isEmpty() && stripped.chars().allMatch(c -> SmsSegments.isGsm((char) c))) {
            return stripped;
        }
        return "?";
    }

    /** Splits a text longer than two parts at sentence, then word, boundaries so each piece fits two parts. */
    static List<String> fit(String text) {
        if (SmsSegments.of(text).units() <= TWO_PARTS || SmsSegments.of(text).encoding() != SmsSegments.Encoding.GSM_7) {
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
