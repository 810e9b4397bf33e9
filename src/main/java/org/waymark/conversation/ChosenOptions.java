package org.waymark.conversation;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.waymark.nlu.Parse;
import org.waymark.taxonomy.Availability;

/** What a patient picked from what was on screen ("2", "the walking group", "1 and 4"), and their free times. */
final class ChosenOptions {
    private static final Pattern NUMBER = Pattern.compile("\\b(\\d{1,2})\\b");

    private ChosenOptions() {
    }

    /** The 1-based options chosen that exist among {@code count}: "2", "the walking group", or "1 and 4". */
    static List<Integer> of(Parse parse, int count) {
        List<Integer> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(parse.text());
        List<String> values = new ArrayList<>(parse.entities("option"));
        while (m.find()) {
            values.add(m.group(1));
        }
        for (String v : values) {
            try {
                int i = Integer.parseInt(v.trim());
                if (i >= 1 && i <= count && !out.contains(i)) {
                    out.add(i);
                }
            } catch (NumberFormatException ignored) {
                // not an index: nothing chosen
            }
        }
        return out;
    }

    /** "weekday mornings" and "weekends" together: the union of days, the widest hours. */
    static Availability merge(Availability a, Availability b) {
        Set<DayOfWeek> days = EnumSet.copyOf(a.days());
        days.addAll(b.days());
        LocalTime from = a.from() == null || b.from() == null ? null
                : a.from().isBefore(b.from()) ? a.from() : b.from();
        LocalTime to = a.to() == null || b.to() == null ? null : a.to().isAfter(b.to()) ? a.to() : b.to();
        return new Availability(days, from, to);
    }
}
