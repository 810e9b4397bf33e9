package org.waymark.directory;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

/**
 * The part of an ORUK service that matching reads, kept beside the full JSON so a match never parses a whole
 * service.
 */
record Activity(String id, String name, String organisation, String description, String status, Set<Need> needs,
                Set<String> termIds, Double lat, Double lon, String postcode, String address, List<Session> sessions,
                BigDecimal lowestCost, String accessibility, List<String> languages, String contact,
                LocalDate lastVerified, Eligibility eligibility) {

    static final String ACTIVE = "active";

    Activity {
        needs = needs == null ? Set.of() : Set.copyOf(needs);
        termIds = termIds == null ? Set.of() : Set.copyOf(termIds);
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
        languages = languages == null ? List.of() : List.copyOf(languages);
        eligibility = eligibility == null ? Eligibility.ANYONE : eligibility;
    }

    /**
     * One meeting of an ORUK schedule on one weekday ({@code day} null for a schedule by day of the month), its
     * dates those of the schedule's recurrence ({@link Schedules}) that fall on that day.
     */
    record Session(DayOfWeek day, LocalTime opens, LocalTime closes, Schedules.Recurrence recurrence) {
        boolean monthly() {
            return recurrence.monthly();
        }

        boolean meetsOn(LocalDate date) {
            return next(date, d -> true).filter(date::equals).isPresent();
        }

        /** Its first date from {@code from} within {@link Schedules#HORIZON_DAYS} that {@code wanted} accepts. */
        Optional<LocalDate> next(LocalDate from, Predicate<LocalDate> wanted) {
            return recurrence.next(from, from.plusDays(Schedules.HORIZON_DAYS - 1),
                    d -> (day == null || d.getDayOfWeek() == day) && wanted.test(d));
        }

        /** Its first date from {@code from} on a day and at a time the patient is free. */
        Optional<LocalDate> nextFitting(LocalDate from, Availability free) {
            return next(from, d -> free.fits(d.getDayOfWeek(), opens, closes));
        }

        /** Said the same way: how often, at the same times. */
        boolean samePattern(Session other) {
            return recurrence.monthly() == other.recurrence.monthly()
                    && recurrence.interval() == other.recurrence.interval();
        }
    }

    boolean active() {
        return ACTIVE.equals(status);
    }

    boolean free() {
        return lowestCost == null || lowestCost.signum() == 0;
    }

    boolean located() {
        return lat != null && lon != null;
    }

    String costText() {
        if (free()) {
            return "Free";
        }
        BigDecimal c = lowestCost.stripTrailingZeros();
        return "£" + (c.scale() <= 0 ? c.toPlainString() : c.setScale(2, java.math.RoundingMode.HALF_UP)
                .toPlainString());
    }
}
