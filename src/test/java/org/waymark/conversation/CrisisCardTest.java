package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.waymark.messaging.OutboundMessage;
import org.waymark.practice.Practice;

class CrisisCardTest {
    private final Practice weekdays = new Practice("p", "Practice", null, "020 7946 0000",
            List.of(new Practice.OpeningHours(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                    DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 30), LocalTime.of(18, 30))), false, 365);

    @Test
    void theCrisisReplyIsMarkedUrgentButNotThePatientsWords() {
        OutboundMessage bot = new OutboundMessage(UUID.randomUUID().toString(), "bot", "Call 999", List.of(),
                List.of(), Instant.now());
        OutboundMessage patient = new OutboundMessage(UUID.randomUUID().toString(), "patient", "help", List.of(),
                List.of(), Instant.now());
        assertThat(CrisisCard.urgent(List.of(patient, bot))).extracting(OutboundMessage::urgent)
                .containsExactly(false, true);
    }

    @Test
    void saysThePracticeIsClosedOnlyOutOfHours() {
        // Monday 5 January 2026: 10:00 and 20:00 in London (GMT)
        assertThat(CrisisCard.practiceClosed(weekdays, Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"),
                ZoneOffset.UTC))).isFalse();
        assertThat(CrisisCard.practiceClosed(weekdays, Clock.fixed(Instant.parse("2026-01-05T20:00:00Z"),
                ZoneOffset.UTC))).isTrue();
        assertThat(CrisisCard.practiceClosed(weekdays, Clock.fixed(Instant.parse("2026-01-03T10:00:00Z"),
                ZoneOffset.UTC))).as("a Saturday").isTrue();
        Practice noHours = new Practice("q", "Q", null, null, List.of(), false, 365);
        assertThat(CrisisCard.practiceClosed(noHours, Clock.systemUTC())).isFalse();
    }
}
