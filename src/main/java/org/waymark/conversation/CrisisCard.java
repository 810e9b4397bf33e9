package org.waymark.conversation;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;

import org.waymark.messaging.OutboundMessage;
import org.waymark.practice.OpeningTimes;
import org.waymark.practice.Practice;

/**
 * A crisis reply a phone can act on: its messages are marked urgent (the widget shows them as an urgent card whose
 * 999, 111, 116 123 and SHOUT 85258 can be tapped), and out of hours it says plainly that the practice is closed and
 * when it opens, so nobody waits on the practice for help that must come from those numbers.
 */
final class CrisisCard {
    /** The dialog's message for a crisis reply out of hours. */
    static final String PRACTICE_CLOSED = "crisis_practice_closed";

    private CrisisCard() {
    }

    static List<OutboundMessage> urgent(List<OutboundMessage> replies) {
        return replies.stream().map(m -> "bot".equals(m.from()) ? m.asUrgent() : m).toList();
    }

    /** Whether the practice is closed now (a practice without opening hours is never said to be closed). */
    static boolean practiceClosed(Practice practice, Clock clock) {
        return !practice.openingHours().isEmpty()
                && !OpeningTimes.isOpen(practice, ZonedDateTime.now(clock).withZoneSameInstant(OpeningTimes.UK));
    }
}
