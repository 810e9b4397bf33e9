package org.waymark.reporting;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A practice's figures for a date range (inclusive, London dates).
 *
 * @param completionRate     completed / started, 0-1 (null when none started)
 * @param claimMedianMinutes median minutes a handoff waited to be claimed (null when none was claimed)
 * @param referrals          referral records made in the range by event: self_referral (an activity chosen with
 *                           the bot), accepted (a link worker took the case on), declined, signposted; one
 *                           patient may have a self-referral and an acceptance, so the events are not added up
 * @param followUps          follow-up outcomes of the referrals made in the range (went, not_yet, did_not_go,
 *                           not_running, could_not_reach, waiting)
 * @param wellbeing          the ONS4 change for referrals with both sets of answers
 * @param flagged            services patients said were not running
 */
record Report(String practice, LocalDate from, LocalDate to, long started, long completed, Double completionRate,
              Map<String, Long> needs, long suggestionsShown, long suggestionLists, long chosen,
              Map<String, Long> referrals,
              Map<String, Long> handoffsByReason, Map<String, Long> handoffsByPriority, long claims,
              Double claimMedianMinutes, Double claimP90Minutes, long riskEscalations, Map<String, Long> riskByLevel,
              Map<String, Long> followUps, Wellbeing wellbeing, List<Flagged> flagged) {

    /** Mean ONS4 scores before and after, over {@code pairs} referrals with both complete. */
    record Wellbeing(long pairs, List<Item> items) {
    }

    record Item(String measure, Double before, Double after, Double change) {
    }

    record Flagged(String activityId, String activityName, long reports) {
    }
}
