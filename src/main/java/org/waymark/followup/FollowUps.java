package org.waymark.followup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import org.waymark.conversation.ConversationEvents;
import org.waymark.conversation.Conversations;
import org.waymark.conversation.Turn;
import org.waymark.directory.ActivityDetails;
import org.waymark.directory.Directory;
import org.waymark.handoff.HandoffEvents;
import org.waymark.handoff.Handoffs;
import org.waymark.messaging.Channel;
import org.waymark.store.ClusterKeys;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;

import redis.clients.jedis.UnifiedJedis;

/**
 * Check-ins after a referral. Each step (ask, remind, give up) is a member of the sorted set
 * {@code wm:followup:due} scored by when it is due; any node may poll, and only the node whose ZREM removes the
 * member acts on it, so each step happens once across nodes and survives restarts.
 */
@Service
public class FollowUps {
    private static final Logger log = LoggerFactory.getLogger(FollowUps.class);
    private static final int BATCH = 200;

    private final UnifiedJedis redis;
    private final Referrals referrals;
    private final Conversations conversations;
    private final Directory directory;
    private final Handoffs handoffs;
    private final Map<Channel, PatientChannel> channels = new EnumMap<>(Channel.class);
    private final FollowUpSettings settings;
    private final Clock clock;

    FollowUps(UnifiedJedis redis, Referrals referrals, Conversations conversations, Directory directory,
              Handoffs handoffs, List<PatientChannel> patientChannels, FollowUpSettings settings, Clock clock) {
        this.handoffs = handoffs;
        this.redis = redis;
        this.referrals = referrals;
        this.conversations = conversations;
        this.directory = directory;
        patientChannels.forEach(c -> channels.put(c.channel(), c));
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Choosing an activity with the bot is the patient's self-referral to it: one record per conversation. Choosing
     * again (another activity, or the same one) changes that record's activity and moves its follow-up; it writes no
     * second record.
     */
    @EventListener
    void onActivityChosen(ConversationEvents.ActivityChosen e) {
        String name = directory.details(e.activityId()).map(ActivityDetails::name).orElse(null);
        Instant due = e.at().plus(Duration.ofDays(settings.days()));
        var existing = referrals.latestForSession(e.sessionId());
        if (existing.isPresent()) {
            Referral previous = existing.get();
            boolean waiting = "scheduled".equals(previous.status()) || "superseded".equals(previous.status());
            referrals.save(previous.withActivity(e.activityId(), name, e.needs(), waiting ? due : null));
            if (waiting) {
                redis.zadd(Referrals.DUE, due.toEpochMilli(), previous.id() + ":ask");
            }
            log.info("Referral {} in session {}: the patient chose again; no second record", previous.id(),
                    e.sessionId());
            return;
        }
        Referral r = new Referral(UUID.randomUUID().toString(), e.practice(), e.channel(), e.address(),
                e.sessionId(), e.activityId(), name, e.needs(), e.at(), "scheduled", due, null, null, List.of(),
                List.of(), Referral.SELF_REFERRAL, null);
        if (referrals.saveOnce(r)) {
            redis.zadd(Referrals.DUE, due.toEpochMilli(), r.id() + ":ask");
            log.info("Self-referral {} made in session {}; follow-up due {}", r.id(), e.sessionId(), due);
        }
    }

    /** The patient declined social prescribing with the bot: one decline record per conversation. */
    @EventListener
    void onDeclined(ConversationEvents.Declined e) {
        Referral r = new Referral(UUID.randomUUID().toString(), e.practice(), e.channel(), e.address(),
                e.sessionId(), null, null, e.needs(), e.at(), "none", null, null, null, List.of(), List.of(),
                Referral.DECLINED, null);
        if (referrals.saveOnce(r)) {
            log.info("Decline {} recorded in session {} ({})", r.id(), e.sessionId(), e.how());
        }
    }

    /**
     * A link worker took the case on (claimed it from the queue): the referral to the social prescribing service,
     * once per handoff, however often it is transferred or reopened.
     */
    @EventListener
    void onHandoffClaimed(HandoffEvents.Claimed e) {
        handoffs.find(e.handoffId()).ifPresent(h -> accepted(h, clock.instant()));
    }

    private Referral accepted(org.waymark.handoff.Handoff h, Instant now) {
        var existing = referrals.once(Referral.ACCEPTED, h.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        Referral r = new Referral(UUID.randomUUID().toString(), h.practice(), h.channel(), h.address(),
                h.sessionId(), null, null, h.summary() == null ? List.of() : h.summary().needs(), now, "none", null,
                null, null, List.of(), List.of(), Referral.ACCEPTED, h.id());
        if (referrals.saveOnce(r)) {
            log.info("Referral {} accepted by a link worker (handoff {})", r.id(), h.id());
            return r;
        }
        return referrals.once(Referral.ACCEPTED, h.id()).orElse(r);
    }

    /**
     * A link worker closed a handoff. Referred to an activity: the case was taken on (accepted, if no claim wrote it
     * already) and is followed up, unless the conversation already has a follow-up to come. Declined: a decline
     * record. Signposted elsewhere: a signposting record.
     */
    @EventListener
    void onHandoffClosed(HandoffEvents.Closed e) {
        switch (e.outcome() == null ? "" : e.outcome()) {
            case "referred_to_activity" -> handoffs.find(e.handoffId()).ifPresent(h -> {
                Instant now = clock.instant();
                Referral accepted = accepted(h, now);
                String chosen = h.summary() == null ? null : h.summary().chosen();
                if (referrals.latestForSession(e.sessionId()).filter(r -> "scheduled".equals(r.status()))
                        .isPresent()) {
                    referrals.save(accepted.withActivity(accepted.activityId(), chosen, accepted.needs(), null));
                    return;
                }
                Instant due = now.plus(Duration.ofDays(settings.days()));
                referrals.save(accepted.withActivity(null, chosen, accepted.needs(), due));
                redis.zadd(Referrals.DUE, due.toEpochMilli(), accepted.id() + ":ask");
                log.info("Referral {} closed as referred to an activity (handoff {}); follow-up due {}",
                        accepted.id(), h.id(), due);
            });
            case "declined", "signposted_elsewhere" -> handoffs.find(e.handoffId()).ifPresent(h -> {
                String kind = "declined".equals(e.outcome()) ? Referral.DECLINED : Referral.SIGNPOSTED;
                Referral r = new Referral(UUID.randomUUID().toString(), h.practice(), h.channel(), h.address(),
                        h.sessionId(), null, null, h.summary() == null ? List.of() : h.summary().needs(),
                        clock.instant(), "none", null, null, null, List.of(), List.of(), kind, h.id());
                if (referrals.saveOnce(r)) {
                    log.info("{} {} recorded by a link worker (handoff {})", kind, r.id(), h.id());
                }
            });
            default -> { }
        }
    }

    @Scheduled(fixedDelayString = "${waymark.followup.poll:PT1M}", initialDelayString = "PT30S")
    void poll() {
        try {
            runDue(clock.instant());
        } catch (RuntimeException e) {
            log.error("Follow-up poll failed; the steps stay due and are tried again", e);
        }
    }

    /** Acts on every step due by {@code now}; returns how many this node took. Safe to call on many nodes at once. */
    public int runDue(Instant now) {
        int taken = 0;
        List<String> due = redis.zrangeByScore(Referrals.DUE, 0, now.toEpochMilli(), 0, BATCH);
        for (String member : due) {
            if (redis.zrem(Referrals.DUE, member) != 1) {
                continue; // another node has it
            }
            taken++;
            int colon = member.lastIndexOf(':');
            String id = member.substring(0, colon);
            String step = member.substring(colon + 1);
            referrals.find(id).ifPresent(r -> act(r, step, now));
        }
        return taken;
    }

    private void act(Referral r, String step, Instant now) {
        if (!r.followedUp()
                || List.of("answered", "could_not_reach", "not_sent", "superseded").contains(r.status())) {
            return;
        }
        if (!"giveup".equals(step) && r.channel() == Channel.SMS) {
            Instant allowed = notQuiet(now);
            if (!allowed.equals(now)) {
                redis.zadd(Referrals.DUE, allowed.toEpochMilli(), r.id() + ":" + step);
                return;
            }
        }
        switch (step) {
            case "ask", "remind" -> {
                boolean reminder = "remind".equals(step);
                Turn turn = conversations.followUp(r.channel(), r.address(), r.practice(), r.id(),
                        r.activityName(), reminder);
                if (turn.replies().isEmpty()) {
                    referrals.save(r.withStatus("not_sent", now));
                    log.info("Follow-up for referral {} not sent: the patient said stop or is with a link worker",
                            r.id());
                    return;
                }
                deliver(r, turn.replies());
                referrals.save(r.withStatus(reminder ? "reminded" : "asked", now));
                Instant next = now.plus(Duration.ofDays(reminder ? settings.giveUpDays() : settings.reminderDays()));
                redis.zadd(Referrals.DUE, next.toEpochMilli(), r.id() + ":" + (reminder ? "giveup" : "remind"));
            }
            case "giveup" -> {
                referrals.save(r.withOutcome("could_not_reach", now, "could_not_reach"));
                log.info("Referral {}: no answer to the follow-up or its reminder", r.id());
            }
            default -> log.warn("Unknown follow-up step {} for referral {}", step, r.id());
        }
    }

    private void deliver(Referral r, List<OutboundMessage> messages) {
        PatientChannel channel = channels.get(r.channel());
        if (channel == null) {
            log.error("No channel adapter for {}: follow-up {} is in the transcript only", r.channel().code(), r.id());
            return;
        }
        messages.forEach(m -> channel.deliver(r.address(), r.practice(), m));
    }

    /** {@code now}, or the end of the quiet hours (no texts at night, local time) when now is inside them. */
    Instant notQuiet(Instant now) {
        ZonedDateTime local = now.atZone(settings.zone());
        LocalTime t = local.toLocalTime();
        LocalTime from = settings.quietFrom();
        LocalTime until = settings.quietUntil();
        boolean quiet = from.isAfter(until) ? !t.isBefore(from) || t.isBefore(until)
                : !t.isBefore(from) && t.isBefore(until);
        if (!quiet) {
            return now;
        }
        ZonedDateTime morning = local.with(until).withSecond(0).withNano(0);
        if (!morning.isAfter(local)) {
            morning = morning.plusDays(1);
        }
        return morning.toInstant();
    }

    @EventListener
    void onAnswered(ConversationEvents.FollowUpAnswered e) {
        referrals.find(e.referralId()).ifPresent(r -> {
            referrals.save(r.withOutcome(e.outcome(), e.at(), "answered"));
            Referrals.STEPS.forEach(step -> redis.zrem(Referrals.DUE, r.id() + ":" + step));
            if ("not_running".equals(e.outcome())) {
                boolean flagged = directory.flagNotRunning(r.activityId(), "A patient said it was not running ("
                        + e.at().atZone(settings.zone()).toLocalDate() + ")");
                log.info("Referral {}: activity {} reported not running, flagged for a check: {}", r.id(),
                        r.activityId(), flagged);
            }
        });
    }

    @EventListener
    void onWellbeing(ConversationEvents.WellbeingScored e) {
        var found = "baseline".equals(e.phase()) ? referrals.latestForSession(e.sessionId())
                : referrals.find(e.referralId());
        found.ifPresent(r -> referrals.save("baseline".equals(e.phase()) ? r.withScores(e.scores(), r.after())
                : r.withScores(r.baseline(), e.scores())));
    }

    /** STOP: nothing more is sent to them (the SMS channel refuses too). */
    @EventListener
    void onStopped(ConversationEvents.Stopped e) {
        for (Referral r : referrals.ofPatient(e.channel(), e.address())) {
            Referrals.STEPS.forEach(step -> redis.zrem(Referrals.DUE, r.id() + ":" + step));
        }
    }

    /** An erasure: the patient's referral records and follow-ups go, audited under who asked. */
    @EventListener
    void onForgotten(ConversationEvents.Forgotten e) {
        int n = referrals.erase(e.channel(), e.address(), e.sessionId(), e.by());
        List<String> earlier = e.sessionIds().stream().filter(id -> !id.equals(e.sessionId()))
                .map(Referrals::sessionKey).toList();
        ClusterKeys.delete(redis, earlier); // one DEL each: on a cluster they lie in several slots
        log.info("Erased {} referral record(s) at the request of {}", n,
                Handoffs.PATIENT.equals(e.by()) ? "the patient" : "an administrator");
    }
}
