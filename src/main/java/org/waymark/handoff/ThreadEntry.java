package org.waymark.handoff;

import java.time.Instant;
import java.util.List;

import org.waymark.messaging.ActivityCard;
import org.waymark.messaging.OutboundMessage;

/**
 * One line of a handoff's thread as the dashboard shows it: a message to or from the patient, or a link worker's
 * internal note (from {@link #NOTE}), which is never sent to the patient and never in their transcript. Stored as
 * the JSON of an {@link OutboundMessage} with the author beside it, so older threads read the same.
 *
 * @param author the link worker who wrote a reply or note; null for the patient's and the bot's messages
 */
public record ThreadEntry(String id, String from, String text, List<String> options, List<ActivityCard> activities,
                          Instant at, String author) {
    /** {@code from} of an internal note. */
    public static final String NOTE = "note";

    public ThreadEntry {
        options = options == null ? List.of() : List.copyOf(options);
        activities = activities == null ? List.of() : List.copyOf(activities);
    }

    static ThreadEntry of(OutboundMessage m, String author) {
        return new ThreadEntry(m.id(), m.from(), m.text(), m.options(), m.activities(), m.at(), author);
    }

    boolean note() {
        return NOTE.equals(from);
    }

    OutboundMessage message() {
        return new OutboundMessage(id, from, text, options, activities, at);
    }
}
