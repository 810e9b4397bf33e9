package org.waymark.taxonomy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * When a patient is free. The NLU writes it as the value of an {@code availability} entity in the form
 * {@code days=MO,TU,WE;from=09:00;to=12:00} (every part optional; RFC 5545 day codes), the directory matches it
 * against schedules.
 */
public record Availability(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public static final Availability ANY = new Availability(EnumSet.allOf(DayOfWeek.class), null, null);

    public Availability {
        days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }

    public boolean anyTime() {
        return days.size() == 7 && from == null && to == null;
    }

    /** Whether a session from {@code opens} to {@code closes} on {@code day} fits. */
    public boolean fits(DayOfWeek day, LocalTime opens, LocalTime closes) {
        if (!days.contains(day)) {
            return false;
        }
        if (from != null && closes != null && !closes.isAfter(from)) {
            return false;
        }
        return to == null || opens == null || opens.isBefore(to);
    }

    public static Availability parse(String value) {
        if (value == null || value.isBlank()) {
            return ANY;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        LocalTime from = null;
        LocalTime to = null;
        for (String part : value.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0].trim()) {
                case "days" -> {
                    for (String d : kv[1].split(",")) {
                        DayOfWeek day = dayOf(d.trim());
                        if (day != null) {
                            days.add(day);
                        }
                    }
                }
                case "from" -> from = LocalTime.parse(kv[1].trim());
                case "to" -> to = LocalTime.parse(kv[1].trim());
                default -> { }
            }
        }
        return new Availability(days, from, to);
    }

    /** The entity form, {@code days=MO,FR;from=09:00}. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (days.size() < 7) {
            sb.append("days=");
            sb.append(String.join(",", days.stream().map(Availability::codeOf).toList()));
        }
        if (from != null) {
            sb.append(sb.isEmpty() ? "" : ";").append("from=").append(from);
        }
        if (to != null) {
            sb.append(sb.isEmpty() ? "" : ";").append("to=").append(to);
        }
        return sb.toString();
    }

    public static DayOfWeek dayOf(String rfc5545) {
        return switch (rfc5545.toUpperCase(Locale.ROOT)) {
            case "MO" -> DayOfWeek.MONDAY;
            case "TU" -> DayOfWeek.TUESDAY;
            case "WE" -> DayOfWeek.WEDNESDAY;
            case "TH" -> DayOfWeek.THURSDAY;
            case "FR" -> DayOfWeek.FRIDAY;
            case "SA" -> DayOfWeek.SATURDAY;
            case "SU" -> DayOfWeek.SUNDAY;
            default -> null;
        };
    }

    public static String codeOf(DayOfWeek day) {
        return day.name().substring(0, 2);
    }
}
