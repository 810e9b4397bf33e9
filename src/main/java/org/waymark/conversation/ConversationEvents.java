package org.waymark.conversation;

import java.time.Instant;
import java.util.List;

import org.waymark.messaging.Channel;

/**
 * What happens in conversations, as Spring application events, for modules that keep figures or act later
 * (reporting, follow-ups). Published after the turn's session is saved. No message text, no phone numbers, except in
 * {@link Understood}, which the review queue keeps (and erases on {@link Forgotten}).
 */
public final class ConversationEvents {
    private ConversationEvents() {
    }

    public record Started(String sessionId, String practice, Channel channel, Instant at) {
    }

    /** The patient confirmed what matters to them ("yes" to the playback). */
    public record NeedsConfirmed(String sessionId, String practice, List<String> needs, Instant at) {
    }

    public record SuggestionsShown(String sessionId, String practice, List<String> activityIds, Instant at) {
    }

    /** The patient chose an activity: a referral to it. */
    public record ActivityChosen(String sessionId, String practice, Channel channel, String address,
                                 String activityId, List<String> needs, Instant at) {
    }

    /**
     * The patient declined social prescribing with the bot: {@code how} is {@code consent} (said no when first
     * asked), {@code no_link_worker} (nothing suggested suited and they said no to a link worker) or {@code stopped}
     * (they confirmed ending the conversation).
     */
    public record Declined(String sessionId, String practice, Channel channel, String address, String how,
                           List<String> needs, Instant at) {
    }

    /** The conversation reached its end with the bot (closing, or handed to a link worker). */
    public record Completed(String sessionId, String practice, String endState, Instant at) {
    }

    public record RiskRaised(String sessionId, String practice, String level, String category, Instant at) {
    }

    /**
     * The patient asked us to stop, in words the dialog understood ("please stop texting me"), and said yes when
     * asked whether to end the conversation.
     */
    public record Stopped(Channel channel, String address, Instant at) {
    }

    /**
     * The patient answered a follow-up: {@code outcome} is went, not_yet, did_not_go or not_running (the activity
     * was not running when they went).
     */
    public record FollowUpAnswered(String sessionId, String practice, Channel channel, String address,
                                   String referralId, String outcome, Instant at) {
    }

    /**
     * ONS4 answers (life satisfaction, worthwhile, happiness, anxiety; 0-10, in that order; fewer when skipped).
     * {@code phase} is baseline (before the activity) or followup; {@code referralId} is null for a baseline, which
     * belongs to the session's latest referral.
     */
    public record WellbeingScored(String sessionId, String practice, Channel channel, String address,
                                  String referralId, String phase, List<Integer> scores, Instant at) {
    }

    /**
     * The patient's data was erased, at their request (FORGET) or by an administrator: every session of the address
     * and their transcripts and handoffs are gone; other modules erase theirs.
     *
     * @param sessionId  the current session, or null when there was none
     * @param sessionIds every session the address had within the transcript retention, the current one included
     * @param by         who asked: {@code patient} ({@link org.waymark.handoff.Handoffs#PATIENT}), or the
     *                   administrator's user name
     */
    public record Forgotten(String sessionId, List<String> sessionIds, Channel channel, String address, String by,
                            Instant at) {
        public Forgotten {
            sessionIds = sessionIds == null ? List.of() : List.copyOf(sessionIds);
        }
    }

    /**
     * What the bot understood of one patient message, for the review queue (issue 20). The one event that carries
     * the patient's words and address: its listeners keep them no longer than the transcript and erase them on
     * {@link Forgotten}.
     *
     * @param messageId the transcript message id of the patient's words
     * @param intent    the intent understood, or null when the NLU did not read these words (a risk, a keyword)
     * @param needs     need codes understood
     * @param riskCategory the risk category raised, or null for none
     * @param riskLevel none, check, urgent or emergency
     * @param unsure    why the bot was unsure: unsure (two weak understandings), menu (the needs menu was shown),
     *                  out_of_scope, check (a check question was asked); empty when it was sure
     */
    public record Understood(String sessionId, String practice, Channel channel, String address, String messageId,
                             String text, String intent, List<String> needs, String riskCategory, String riskLevel,
                             List<String> unsure, Instant at) {
        public Understood {
            needs = needs == null ? List.of() : List.copyOf(needs);
            unsure = unsure == null ? List.of() : List.copyOf(unsure);
        }
    }
}
