package org.waymark.messaging;

import java.text.Normalizer;

/**
 * The GSM 03.38 alphabet that plain SMS uses. A text with any other character travels as UCS-2 and fits 70
 * characters a part instead of 160, so every text meant for a phone is checked or made plain here.
 */
public final class Gsm7 {
    /** Two concatenated parts of 153 septets: the most a bot text should take. */
    public static final int TWO_SEGMENTS = 306;

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Each of these takes two septets (an escape and the character). */
    private static final String EXTENSION = "^{}\\[~]|€\f";

    private Gsm7() {
    }

    public static boolean encodable(char c) {
        return BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0;
    }

    /** Septets the text takes, or -1 when it has a character GSM-7 cannot carry. */
    public static int septets(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) >= 0) {
                n++;
            } else if (EXTENSION.indexOf(c) >= 0) {
                n += 2;
            } else {
                return -1;
            }
        }
        return n;
    }

    /** Septets one character takes: 1, 2 for the extension characters, -1 when it cannot be carried. */
    public static int septets(char c) {
        return BASIC.indexOf(c) >= 0 ? 1 : EXTENSION.indexOf(c) >= 0 ? 2 : -1;
    }

    /** Index of the first character GSM-7 cannot carry, or -1. */
    public static int firstUnencodable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!encodable(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The text as SMS will carry it: made {@link #plain} GSM-7 when it is in the Latin script, but kept whole when it
     * has letters of a script GSM-7 cannot write (Bengali, Arabic...): such a text goes as UCS-2, only emoji and
     * curly quotes tidied, and the joiners its script needs kept.
     */
    public static String forSms(String text) {
        if (text == null) {
            return "";
        }
        boolean otherScript = text.codePoints().anyMatch(cp -> Character.isLetter(cp)
                && Character.UnicodeScript.of(cp) != Character.UnicodeScript.LATIN
                && Character.UnicodeScript.of(cp) != Character.UnicodeScript.COMMON
                && Character.UnicodeScript.of(cp) != Character.UnicodeScript.GREEK); // GSM-7 has some Greek
        if (!otherScript) {
            return plain(text);
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp >= Character.MIN_SUPPLEMENTARY_CODE_POINT || Character.getType(cp) == Character.OTHER_SYMBOL
                    || cp == '\uFE0E' || cp == '\uFE0F' || cp == '\u200B') {
                return; // emoji and invisible marks carry no words
            }
            String one = new String(Character.toChars(cp));
            String p = Character.getType(cp) == Character.INITIAL_QUOTE_PUNCTUATION
                    || Character.getType(cp) == Character.FINAL_QUOTE_PUNCTUATION || cp == '\u2013' || cp == '\u2014'
                    || cp == '\u2026' ? plain(one) : one;
            out.append(p);
        });
        return out.toString().replaceAll("[ ]{2,}", " ").replaceAll(" +\n", "\n").strip();
    }

    /**
     * The text made plain for SMS: curly quotes, dashes and ellipses to their plain forms, accents dropped where
     * GSM-7 lacks them, emoji and invisible marks removed, anything else '?'.
     */
    public static String plain(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.append(plain(cp)));
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
        if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT && encodable((char) cp) && cp != '\f') {
            return String.valueOf((char) cp);
        }
        int type = Character.getType(cp);
        if (cp >= Character.MIN_SUPPLEMENTARY_CODE_POINT || type == Character.OTHER_SYMBOL
                || type == Character.NON_SPACING_MARK || type == Character.CONTROL || type == Character.FORMAT) {
            return ""; // emoji, pictographs and invisible marks carry no words
        }
        String stripped = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        if (!stripped.isEmpty() && stripped.chars().allMatch(c -> encodable((char) c))) {
            return stripped;
        }
        return "?";
    }
}
