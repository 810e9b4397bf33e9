package org.waymark.messaging;

import java.time.Instant;
import java.util.List;

/**
 * One message to a patient (or, in a transcript, from one).
 *
 * @param id         unique id
 * @param from       "bot", "patient" or "worker"
 * @param text       the text (the SMS form for SMS)
 * @param options    quick replies, may be empty
 * @param activities suggested activities as data, may be empty
 * @param at         when it was written
 * @param urgent     a crisis reply: the widget shows it as an urgent card whose crisis numbers can be tapped
 * @param lang       the language the text is in (an ISO 639-1 code, for the page's {@code lang}), or null when it
 *                   is the default language or not known
 */
public record OutboundMessage(String id, String from, String text, List<String> options,
                              List<ActivityCard> activities, Instant at, boolean urgent, String lang) {
    public OutboundMessage {
        options = options == null ? List.of() : List.copyOf(options);
        activities = activities == null ? List.of() : List.copyOf(activities);
    }

    /** An ordinary message (not a crisis reply). */
    public OutboundMessage(String id, String from, String text, List<String> options, List<ActivityCard> activities,
                           Instant at) {
        this(id, from, text, options, activities, at, false, null);
    }

    public OutboundMessage(String id, String from, String text, List<String> options, List<ActivityCard> activities,
                           Instant at, boolean urgent) {
        this(id, from, text, options, activities, at, urgent, null);
    }

    /** The same message, marked as a crisis reply. */
    public OutboundMessage asUrgent() {
        return new OutboundMessage(id, from, text, options, activities, at, true, lang);
    }

    /** The same message, marked as written in a language (null for the default one). */
    public OutboundMessage inLanguage(String language) {
        return new OutboundMessage(id, from, text, options, activities, at, urgent, language);
    }
}
