package org.waymark.handoff;

import java.time.Instant;
import java.util.List;

import org.waymark.messaging.Channel;

/**
 * A conversation handed to a link worker.
 *
 * @param address  the patient's address on the channel (phone number or web chat session); shown masked in lists
 * @param reason   why: asked_for_person, unsure, nothing_fits, asked_contact, risk
 * @param outcome  set on close: referred_to_activity, signposted_elsewhere, no_further_action, could_not_reach
 */
public record Handoff(String id, String practice, Channel channel, String address, String sessionId,
                      Priority priority, String reason, HandoffStatus status, String assignee, Instant openedAt,
                      Instant claimedAt, Instant closedAt, Summary summary, String outcome, String note,
                      boolean handBack) {

    /**
     * What the link worker needs at a glance.
     *
     * @param needs        need codes
     * @param postcodeArea the outward code only ("E1")
     * @param ownWords     what matters, in the patient's words
     * @param shown        names of activities shown
     * @param chosen       the name of the activity chosen, if any
     * @param risk         "urgent suicide_self_harm" and the like, or null
     */
    public record Summary(List<String> needs, String postcodeArea, String ownWords, List<String> shown,
                          String chosen, String risk) {
        public Summary {
            needs = needs == null ? List.of() : List.copyOf(needs);
            shown = shown == null ? List.of() : List.copyOf(shown);
        }
    }

    public boolean open() {
        return status != HandoffStatus.CLOSED;
    }

    /** The patient reference as lists show it: never a whole phone number. */
    public String maskedPatient() {
        return PatientReference.mask(channel, address);
    }

    Handoff with(HandoffStatus s, String who, Instant claimed, Instant closed, String out, String n, boolean back) {
        return new Handoff(id, practice, channel, address, sessionId, priority, reason, s, who, openedAt, claimed,
                closed, summary, out, n, back);
    }

    Handoff withPriority(Priority p, String r, Summary sum) {
        return new Handoff(id, practice, channel, address, sessionId, p, r, status, assignee, openedAt, claimedAt,
                closedAt, sum, outcome, note, handBack);
    }
}
