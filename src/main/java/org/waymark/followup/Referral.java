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
 * @param kind       which event the record is: {@link #SELF_REFERRAL} (the patient chose an activity with the bot),
 *                   {@link #ACCEPTED} (a link worker took the case on), {@link #DECLINED} (the patient declined
 *                   social prescribing), {@link #SIGNPOSTED} (a link worker signposted them elsewhere); records made
 *                   before kinds were kept read as self-referrals
 * @param handoffId  the handoff the record comes from (accepted, signposted, a worker's decline), else null
 */
public record Referral(String id, String practice, Channel channel, String address, String sessionId,
                       String activityId, String activityName, List<String> needs, Instant referredAt,
                       String status, Instant followUpAt, String outcome, Instant outcomeAt, List<Integer> baseline,
                       List<Integer> after, String kind, String handoffId) {
    public static final String SELF_REFERRAL = "self_referral";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String SIGNPOSTED = "signposted";

    public Referral {
        kind = kind == null ? SELF_REFERRAL : kind;
        needs = needs == null ? List.of() : List.copyOf(needs);
        baseline = baseline == null ? List.of() : List.copyOf(baseline);
        after = after == null ? List.of() : List.copyOf(after);
    }

    /** A referral to an activity or a link worker, followed up; not a decline or a signposting. */
    public boolean followedUp() {
        return SELF_REFERRAL.equals(kind) || ACCEPTED.equals(kind);
    }

    /** Both sets of four answers are there: a wellbeing change can be read. */
    public boolean paired() {
        return baseline.size() == 4 && after.size() == 4;
    }

    Referral withStatus(String s, Instant at) {
        return new Referral(id, practice, channel, address, sessionId, activityId, activityName, needs, referredAt, s,
                at == null ? followUpAt : at, outcome, outcomeAt, baseline, after, kind, handoffId);
    }

    Referral withOutcome(String o, Instant at, String s) {
        return new Referral(id, practice, channel, address, sessionId, activityId, activityName, needs, referredAt, s,
                followUpAt, o, at, baseline, after, kind, handoffId);
    }

    Referral withActivity(String newActivityId, String newActivityName, List<String> newNeeds, Instant due) {
        return new Referral(id, practice, channel, address, sessionId, newActivityId, newActivityName, newNeeds,
                referredAt, due == null ? status : "scheduled", due == null ? followUpAt : due, outcome, outcomeAt,
                baseline, after, kind, handoffId);
    }

    Referral withScores(List<Integer> before, List<Integer> later) {
        return new Referral(id, practice, channel, address, sessionId, activityId, activityName, needs, referredAt,
                status, followUpAt, outcome, outcomeAt, before, later, kind, handoffId);
    }
}
