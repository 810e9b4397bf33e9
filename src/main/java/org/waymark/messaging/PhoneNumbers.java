package org.waymark.messaging;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers, through libphonenumber, the one way everywhere a number is a key, compared or shown: "07700 900123",
 * "+447700900123" and "447700900123" (as some gateways send it) are one number, {@code +447700900123} (E.164, read
 * as a UK number when it has no country code).
 */
public final class PhoneNumbers {
    /** Numbers without a country code are read as UK ones. */
    public static final String REGION = "GB";
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /**
     * Ofcom keeps these ranges for drama and examples (07700 900000 to 900999 and the like): libphonenumber rightly
     * calls them unassigned, but a demo, a test or a training session must be able to use a number that rings no one.
     */
    private static final java.util.regex.Pattern DRAMA = java.util.regex.Pattern.compile("^\\+44(7700900|1134960"
            + "|1314960|1154960|1632960|2079460|2890180|2920180|1414960|1614960|1174960)\\d{3}$");

    private PhoneNumbers() {
    }

    /** A number that is not one: the message says what was given (masked) and what is wanted. */
    public static final class InvalidPhoneNumber extends IllegalArgumentException {
        /** @param given the text as given; the message shows it masked */
        public InvalidPhoneNumber(String given) {
            super("'" + masked(given) + "' is not a phone number we can use: give a UK number like 07700 900123 or one with "
                    + "its country code like +447700900123.");
        }
    }

    /** The number in E.164 ("+447700900123"); {@link InvalidPhoneNumber} when it is not a valid number. */
    public static String e164(String raw) {
        return parse(raw, true).map(n -> UTIL.format(n, PhoneNumberFormat.E164))
                .orElseThrow(() -> new InvalidPhoneNumber(raw == null ? "" : raw));
    }

    /** E.164 when it is a valid number (or one of Ofcom's drama numbers), else empty. */
    public static Optional<String> tryE164(String raw) {
        return parse(raw, true).map(n -> UTIL.format(n, PhoneNumberFormat.E164));
    }

    /**
     * E.164 when it could be a number (libphonenumber's "possible": the right length for its country), else empty:
     * what a sender a gateway names is keyed by, since a real sender may be in a range libphonenumber does not yet
     * know as assigned.
     */
    public static Optional<String> possibleE164(String raw) {
        return parse(raw, false).map(n -> UTIL.format(n, PhoneNumberFormat.E164));
    }

    /**
     * The number as a key (opt-outs, sessions, texting limits): E.164 when valid, else the text trimmed, so a sender
     * id a gateway passes that is no phone number ("Twilio", a short code) still keys alike each time and loses
     * nothing.
     */
    public static String key(String raw) {
        return raw == null ? null : possibleE164(raw).orElse(raw.trim());
    }

    /** Whether two texts are the same number (either may be in any of the forms above). */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return key(a).equals(key(b));
    }

    /** As a UK caller dials it ("07700 900123"), international for other countries; the text as given if invalid. */
    public static String display(String raw) {
        int uk = UTIL.getCountryCodeForRegion(REGION);
        return parse(raw, false).map(n -> UTIL.format(n, n.getCountryCode() == uk ? PhoneNumberFormat.NATIONAL
                        : PhoneNumberFormat.INTERNATIONAL))
                .orElse(raw == null ? "" : raw.trim());
    }

    /**
     * For lists and logs: "+44******123" from any form of the number, enough to tell numbers apart, not enough to
     * call one. A text that is no number is masked as it stands.
     */
    public static String masked(String raw) {
        if (raw == null || raw.isBlank()) {
            return "?";
        }
        String n = possibleE164(raw).orElse(raw.trim());
        if (n.length() <= 6) {
            return "*".repeat(n.length());
        }
        return n.substring(0, 3) + "*".repeat(n.length() - 6) + n.substring(n.length() - 3);
    }

    private static boolean usable(PhoneNumber n, boolean strict) {
        return strict ? UTIL.isValidNumber(n) || DRAMA.matcher(UTIL.format(n, PhoneNumberFormat.E164)).matches()
                : UTIL.isPossibleNumberWithReason(n) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE;
    }

    private static Optional<PhoneNumber> parse(String raw, boolean strict) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String text = raw.trim();
        try {
            PhoneNumber n = UTIL.parse(text, REGION);
            if (!usable(n, strict) && !text.startsWith("+") && text.matches("[1-9]\\d{7,14}")) {
                // a country code without its "+" ("447700900123", as some gateways send it)
                n = UTIL.parse("+" + text, REGION);
            }
            return usable(n, strict) ? Optional.of(n) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
