package org.waymark.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** Whether a listing was checked recently enough to offer to a patient. */
final class Freshness {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final Clock clock;
    private final int verifyAfterDays;

    Freshness(Clock clock, int verifyAfterDays) {
        this.clock = clock;
        this.verifyAfterDays = verifyAfterDays;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(LONDON));
    }

    /** The oldest verification date still trusted. */
    LocalDate cutoff() {
        return cutoff(today());
    }

    /** The oldest verification date still trusted on {@code today}. */
    LocalDate cutoff(LocalDate today) {
        return today.minusDays(verifyAfterDays);
    }

    boolean isFresh(LocalDate lastVerified) {
        return lastVerified != null && !lastVerified.isBefore(cutoff());
    }

    int verifyAfterDays() {
        return verifyAfterDays;
    }

    Clock clock() {
        return clock;
    }
}
