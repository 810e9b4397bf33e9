package org.waymark.handoff;

import java.time.Instant;
import java.util.List;

import org.waymark.messaging.Channel;

/**
 * A conversation handed to a link worker.
 *
 * @param address  the patient's address on the channel (phone number or web chat session); shown masked in lists
 * @param reason   why: asked_for_person, unsure, nothing_fits, asked_contact, risk
 * @param outcome  set on close: referred_to_activity, signposted_elsewhere, declined, no_further_action,
 *                 could_not_reach
 * @param erasedAt when the patient's data was erased (FORGET, or an administrator): the record then keeps nothing
 *                 that names them, is closed, and nothing more is sent or added to it; null until then
 * @param contact  how and when the patient asked to be contacted (reason asked_contact), else null; erased with them
 * @param earlierId the patient's earlier, closed case that this one picks up again (reason returned), else null
 */
public record Handoff(String id, String practice, Channel channel, String address, String sessionId,
                      Priority priority, String reason, HandoffStatus status, String assignee, Instant openedAt,
                      Instant claimedAt, Instant closedAt, Summary summary, String outcome, String note,
                      boolean handBack, Instant erasedAt, PatientContact contact,
                      String earlierId) {
    /** The address and session id an erased record holds instead of the patient's. */
    static final String ERASED = "erased";

    /**
     * What the link worker needs at a glance.
     *
     * @param needs        need codes
     * @param postcodeArea the outward code only ("E1")
     * @param ownWords     what matters, in the patient's words
     * @param shown        names of activities shown
     * @param chosen       the name of the activity chosen, if any
     * @param risk         "urgent suicide_self_harm" and the like, "past suicide_self_harm" for a past risk the
     *                     patient said is over, or null
     */
    /** Ends a summary's risk ("urgent suicide_self_harm after_check") when a check question was answered no. */
    public static final String AFTER_CHECK = "after_check";
    /** Begins a summary's risk ("past suicide_self_harm") for a past risk the patient said is over: no crisis. */
    public static final String PAST_RISK = "past";

    /** @param language the language the patient wrote in, when not English (its English name), else null */
    public record Summary(List<String> needs, String postcodeArea, String ownWords, List<String> shown,
                          String chosen, String risk, String language) {
        public Summary {
            needs = needs == null ? List.of() : List.copyOf(needs);
            shown = shown == null ? List.of() : List.copyOf(shown);
        }
    }

    public boolean open() {
        return status != HandoffStatus.CLOSED && erasedAt == null;
    }

    public boolean erased() {
        return erasedAt != null;
    }

    /** The patient reference as lists show it: never a whole phone number. */
    public String maskedPatient() {
        return erased() ? "a patient whose data was erased" : PatientReference.mask(channel, address);
    }

    Handoff with(HandoffStatus s, String who, Instant claimed, Instant closed, String out, String n, boolean back) {
        return new Handoff(id, practice, channel, address, sessionId, priority, reason, s, who, openedAt, claimed,
                closed, summary, out, n, back, erasedAt, contact, earlierId);
    }

    Handoff withPriority(Priority p, String r, Summary sum) {
        return new Handoff(id, practice, channel, address, sessionId, p, r, status, assignee, openedAt, claimedAt,
                closedAt, sum, outcome, note, handBack, erasedAt, contact, earlierId);
    }

    /**
     * What is kept once the patient's data is erased: no address, session, words, postcode, activities or note;
     * the priority, reason, needs, risk category, times and outcome stay for the service's own figures. An open
     * one is closed by the erasure.
     */
    Handoff redacted(Instant now) {
        Summary s = summary == null ? new Summary(null, null, null, null, null, null, null) : summary;
        return new Handoff(id, practice, channel, ERASED, ERASED, priority, reason, HandoffStatus.CLOSED, assignee,
                openedAt, claimedAt, closedAt == null ? now : closedAt,
                new Summary(s.needs(), null, null, List.of(), null, s.risk(), s.language()), outcome, null, handBack,
                now, null, earlierId);
    }
}
