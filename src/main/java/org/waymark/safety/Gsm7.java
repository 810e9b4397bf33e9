package org.waymark.safety;

/** The GSM 03.38 alphabet, so crisis texts go out as plain SMS (no UCS-2 split, no mangled characters). */
final class Gsm7 {

    static final int TWO_PART_LIMIT = 306;

    private static final String BASIC = "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
            + "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
            + " !\"#\u00a4%&'()*+,-./0123456789:;<=>?\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
            + "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";
    private static final String EXTENDED = "^{}\\[~]|\u20ac\f";

    private Gsm7() {
    }

    /** Septets the text needs, or -1 (with the offending index available through {@link #firstInvalid}). */
    static int septets(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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

    /** Index of the first character outside GSM-7, or -1. */
    static int firstInvalid(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) < 0 && EXTENDED.indexOf(c) < 0) {
                return i;
            }
        }
        return -1;
    }
}
