package org.waymark.followup;

import java.time.Instant;
import java.util.List;

import org.waymark.messaging.Channel;

/**
 * A referral to a social prescribing activity and what came of it: the record a practice keeps (shaped after the
 * PRSB Social Prescribing Information Standard: needs and concerns, support offered, outcome).
 *
 * @param status     scheduled, asked, reminded, answered, could_not_reach, not_sent (STOP or with a link worker)
 * @param outcome    went, not_yet, did_not_go, not_running, could_not_reach; null until known
 * @param baseline   ONS4 scores before (life satisfaction, worthwhile, happy, anxious), may be partial or empty
 * @param after      ONS4 scores at follow-up
 */
public record Referral(String id, String practice, Channel channel, String address, String sessionId,
                       String activityId, String activityName, List<String> needs, Instant referredAt,
                       String status, Instant followUpAt, String outcome, Instant outcomeAt, List<Integer> baseline,
                       List<Integer> after) {
    public Referral {
        needs = needs == null ? List.of() : List.copyOf(needs);
        baseline = baseline == null ? List.of() : List.copyOf(baseline);
        after = after == null ? List.of() : List.copyOf(after);
    }

    /** Both sets of four answers are there: a wellbeing change can be read. */
    public boolean paired() {
        return baseline.size() == 4 && after.size() == 4;
    }

    Referral withStatus(String s, Instant at) {
        return new Referral(id, practice, channel, address, sessionId, activityId, activityName, needs, referredAt, s,
                at == null ? followUpAt : at, outcome, outcomeAt, baseline, after);
    }

    Referral withOutcome(String o, Instant at, String s) {
        return new Referral(id, practice, channel, address, sessionId, activityId, activityName, needs, referredAt, s,
                followUpAt, o, at, baseline, after);
    }

    Referral withScores(List<Integer> before, List<Integer> later) {
        return new Referral(id, practice, channel, address, sessionId, activityId, activityName, needs, referredAt,
                status, followUpAt, outcome, outcomeAt, before, later);
    }
}
