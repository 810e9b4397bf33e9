package org.waymark.practice;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** What to tell a patient about when a link worker will be in touch, from the practice's opening hours. */
public final class OpeningTimes {
    public static final ZoneId UK = ZoneId.of("Europe/London");

    private OpeningTimes() {
    }

    public static boolean isOpen(Practice practice, ZonedDateTime now) {
        for (Practice.OpeningHours h : practice.openingHours()) {
            if (h.days().contains(now.getDayOfWeek()) && !now.toLocalTime().isBefore(h.opens())
                    && now.toLocalTime().isBefore(h.closes())) {
                return true;
            }
        }
        return false;
    }

    public static String whenToExpectContact(Practice practice, Clock clock) {
        if (practice.openingHours().isEmpty()) {
            return "";
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(UK);
        if (isOpen(practice, now)) {
            return "The practice is open now, so they will usually reply today.";
        }
        for (int d = 0; d <= 7; d++) {
            ZonedDateTime day = now.plusDays(d);
            for (Practice.OpeningHours h : practice.openingHours()) {
                if (!h.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                if (d == 0 && !now.toLocalTime().isBefore(h.opens())) {
                    continue;
                }
                return "The practice is closed now. A link worker will reply after it opens "
                        + dayWords(d, day.getDayOfWeek()) + " at " + clockWords(h.opens()) + ".";
            }
        }
        return "";
    }

    private static String dayWords(int daysAhead, DayOfWeek day) {
        if (daysAhead == 0) {
            return "today";
        }
        if (daysAhead == 1) {
            return "tomorrow";
        }
        return "on " + day.getDisplayName(TextStyle.FULL, Locale.UK);
    }

    private static String clockWords(LocalTime t) {
        int h = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        String m = t.getMinute() == 0 ? "" : String.format(":%02d", t.getMinute());
        return h + m + (t.getHour() < 12 ? "am" : "pm");
    }
}
