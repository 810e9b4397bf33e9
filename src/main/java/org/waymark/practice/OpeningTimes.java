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

    /**
     * When a link worker will reply, in a language's words ({@code words} gives the locale file's {@code words}:
     * open_now, closed_until, today, tomorrow, on_day, the days' names, time_am, time_pm).
     */
    public static String whenToExpectContact(Practice practice, Clock clock,
                                             java.util.function.Function<String, String> words) {
        if (practice.openingHours().isEmpty()) {
            return "";
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(UK);
        if (isOpen(practice, now)) {
            return words.apply("open_now");
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
                return words.apply("closed_until").replace("{day}", dayWords(d, day.getDayOfWeek(), words))
                        .replace("{time}", clockWords(h.opens(), words));
            }
        }
        return "";
    }

    private static String dayWords(int daysAhead, DayOfWeek day, java.util.function.Function<String, String> words) {
        if (daysAhead == 0) {
            return words.apply("today");
        }
        if (daysAhead == 1) {
            return words.apply("tomorrow");
        }
        return words.apply("on_day").replace("{day}", words.apply(day.name().toLowerCase(Locale.ROOT)));
    }

    private static String clockWords(LocalTime t, java.util.function.Function<String, String> words) {
        int h = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        String m = t.getMinute() == 0 ? "" : String.format(":%02d", t.getMinute());
        return words.apply(t.getHour() < 12 ? "time_am" : "time_pm").replace("{time}", h + m);
    }
}
