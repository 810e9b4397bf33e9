package org.waymark.conversation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.waymark.handoff.Handoff;
import org.waymark.handoff.Handoffs;
import org.waymark.nlu.Parse;

/**
 * No dead ends after a case is closed: a patient who writes again ("i still need help with my rent") is heard,
 * and when a link worker had their case, it goes back to the queue with the earlier case linked.
 */
final class ClosedCaseReturn {
    /** The dialog's condition: a link worker closed this patient's case and they still need help. */
    static final String CONDITION = "earlier_case";
    /** The dialog's capture: what matters now, in their words. */
    static final String CAPTURE = "returned";
    /** The state that hands them back, and its handoff's reason. */
    static final String STATE = "back_to_queue";
    static final String REASON = "returned";
    private static final Pattern STILL = Pattern.compile("\\b(still|again|not sorted|didn'?t work|did not work"
            + "|hasn'?t worked|no one|nobody|need (some )?help|need more help|help me|want help|can you help"
            + "|worse|not better|same problem)\\b");

    private final Handoffs handoffs;

    ClosedCaseReturn(Handoffs handoffs) {
        this.handoffs = handoffs;
    }

    /** The case a link worker closed, when this message says they still need help (needs heard, or "still"). */
    Optional<Handoff> earlierCase(Session s, Parse parse, String text) {
        if (parse.needs().isEmpty() && !STILL.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\''))
                .find()) {
            return Optional.empty();
        }
        return handoffs.lastClosed(s.channel(), s.address());
    }

    /** What matters now replaces what mattered then: the needs this message names (or the old ones), its words. */
    static Session heard(Session s, Parse parse, String text) {
        java.util.List<String> needs = parse.needs().isEmpty() ? s.needs()
                : parse.needs().stream().sorted().map(org.waymark.taxonomy.Need::code).toList();
        return s.withNeeds(needs, text);
    }
}
