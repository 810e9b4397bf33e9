package org.waymark.directory;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

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

    /** One weekly (or monthly) meeting from an RFC 5545 schedule. */
    record Session(DayOfWeek day, LocalTime opens, LocalTime closes, boolean monthly, LocalDate validFrom,
                   LocalDate validTo) {
        boolean runsOn(LocalDate date) {
            return (validFrom == null || !date.isBefore(validFrom)) && (validTo == null || !date.isAfter(validTo));
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
