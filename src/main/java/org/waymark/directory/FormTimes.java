package org.waymark.directory;

import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as people type them into the directory form: "9:30", "09:30", "9.30", "0930", "9", "9am", "9:30 pm",
 * "2pm", "14:00", "noon", "midday". Anything else is not a time (the form then says how to write one).
 */
final class FormTimes {
    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2})(?:[:.h]?(\\d{2}))?(?::\\d{2})?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?");

    private FormTimes() {
    }

    static Optional<LocalTime> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.UK);
        if (t.equals("noon") || t.equals("midday") || t.equals("12 noon")) {
            return Optional.of(LocalTime.NOON);
        }
        Matcher m = TIME.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        String half = m.group(3) == null ? null : m.group(3).replace(".", "");
        if (half != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + ("pm".equals(half) ? 12 : 0);
        }
        if (hour > 23 || minute > 59) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(hour, minute));
    }
}
