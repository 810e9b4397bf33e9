package org.waymark.followup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;

import org.waymark.messaging.Channel;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;
import org.waymark.store.Pseudonyms;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;
import tools.jackson.databind.json.JsonMapper;

/**
 * Referral records in Redis: each as JSON under {@code wm:followup:referral:<id>} expiring after the practice's
 * {@code recordDays}, indexed by practice and time (for reports and export), by patient (the patient's keyed
 * {@link Pseudonyms pseudonym}, so no key names a phone number or can be worked back to one) for subject access and
 * erasure, and by session for the latest one.
 */
@Service
public class Referrals {
    static final String DUE = "wm:followup:due";
    static final String AUDIT = "wm:followup:audit";
    static final List<String> STEPS = List.of("ask", "remind", "giveup");

    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final Practices practices;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    Referrals(UnifiedJedis redis, JsonMapper json, Practices practices, Pseudonyms pseudonyms, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.practices = practices;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    static String key(String id) {
        return "wm:followup:referral:" + id;
    }

    static String practiceKey(String practice) {
        return "wm:followup:practice:" + practice;
    }

    private String patientKey(Channel channel, String address) {
        return "wm:followup:patient:" + pseudonym(channel, address);
    }

    /**
     * Where records made before the pseudonym was keyed are indexed (a plain SHA-256 of "channel:address"): read and
     * erased beside the keyed index until the last of them expires, a practice's record period after the upgrade.
     */
    static String legacyPatientKey(Channel channel, String address) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((channel.code() + ":" + address).getBytes(StandardCharsets.UTF_8));
            return "wm:followup:patient:" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sessionKey(String sessionId) {
        return "wm:followup:session:" + sessionId;
    }

    /**
     * Which record of a kind a session (self-referral, the bot's decline) or a handoff (accepted, signposted, a
     * worker's decline) already has: each is written once.
     */
    static String onceKey(String kind, String scope) {
        return "wm:followup:once:" + kind + ":" + scope;
    }

    private static String scope(Referral r) {
        return r.handoffId() != null ? r.handoffId() : r.sessionId();
    }

    /** The record of this kind already written for the session or handoff ({@code scope}), if any. */
    Optional<Referral> once(String kind, String scope) {
        return scope == null ? Optional.empty() : find(redis.get(onceKey(kind, scope)));
    }

    /**
     * Saves a new record unless the session or handoff already has one of its kind (across nodes: SET NX); true
     * when this call wrote it.
     */
    boolean saveOnce(Referral r) {
        String scope = scope(r);
        if (scope != null) {
            long seconds = Math.max(1, Duration.between(clock.instant(), expires(r)).toSeconds());
            String set = redis.set(onceKey(r.kind(), scope), r.id(),
                    SetParams.setParams().nx().ex(seconds));
            if (!"OK".equals(set)) {
                return false;
            }
        }
        save(r);
        return true;
    }

    private Instant expires(Referral r) {
        Practice practice = practices.byId(r.practice()).orElse(practices.defaultPractice());
        return r.referredAt().plus(Duration.ofDays(practice.recordDays()));
    }

    /** The patient's pseudonym: records, exports, keys and logs carry this, never the number itself. */
    public String pseudonym(Channel channel, String address) {
        return pseudonyms.of(channel.code(), address);
    }

    String pseudonym(Referral r) {
        return pseudonym(r.channel(), r.address());
    }

    public Optional<Referral> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String v = redis.get(key(id));
        return v == null ? Optional.empty() : Optional.of(json.readValue(v, Referral.class));
    }

    /** Creates or replaces the record, keeping it for the practice's record period from the referral. */
    void save(Referral r) {
        Instant expires = expires(r);
        long seconds = Math.max(1, Duration.between(clock.instant(), expires).toSeconds());
        try (AbstractPipeline p = redis.pipelined()) {
            p.setex(key(r.id()), seconds, json.writeValueAsString(r));
            p.zadd(practiceKey(r.practice()), r.referredAt().toEpochMilli(), r.id());
            String patient = patientKey(r.channel(), r.address());
            p.sadd(patient, r.id());
            p.expire(patient, seconds);
            if (r.sessionId() != null && Referral.SELF_REFERRAL.equals(r.kind())) {
                p.setex(sessionKey(r.sessionId()), seconds, r.id());
            }
            p.sync();
        }
    }

    /** The session's self-referral (the patient's choice with the bot), if it has one. */
    Optional<Referral> latestForSession(String sessionId) {
        return sessionId == null ? Optional.empty() : find(redis.get(sessionKey(sessionId)));
    }

    /** Referrals of a practice made in [from, to), oldest first; expired ones drop out of the index here. */
    public List<Referral> between(String practice, Instant from, Instant to) {
        List<String> ids = redis.zrangeByScore(practiceKey(practice), from.toEpochMilli(), to.toEpochMilli() - 1);
        List<Referral> out = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (String id : ids) {
            find(id).ifPresentOrElse(out::add, () -> gone.add(id));
        }
        if (!gone.isEmpty()) {
            redis.zrem(practiceKey(practice), gone.toArray(String[]::new));
        }
        return out;
    }

    /** The ids in the patient's index, the keyed one and the one from before it. */
    private Set<String> indexed(Channel channel, String address) {
        Set<String> ids = new LinkedHashSet<>(redis.smembers(patientKey(channel, address)));
        ids.addAll(redis.smembers(legacyPatientKey(channel, address)));
        return ids;
    }

    /** Every referral record of one patient (subject access). */
    public List<Referral> ofPatient(Channel channel, String address) {
        List<Referral> out = new ArrayList<>();
        for (String id : indexed(channel, address)) {
            find(id).ifPresent(out::add);
        }
        out.sort(java.util.Comparator.comparing(Referral::referredAt));
        return out;
    }

    /**
     * Erases one patient's records, their indexes and any follow-up still to come; the audit keeps only how many,
     * under the patient's pseudonym.
     */
    public int erase(Channel channel, String address, String sessionId, String by) {
        String patient = patientKey(channel, address);
        List<Referral> records = ofPatient(channel, address);
        try (AbstractPipeline p = redis.pipelined()) {
            for (Referral r : records) {
                p.del(key(r.id()));
                p.zrem(practiceKey(r.practice()), r.id());
                STEPS.forEach(step -> p.zrem(DUE, r.id() + ":" + step));
                if (r.sessionId() != null) {
                    p.del(sessionKey(r.sessionId()));
                }
                if (scope(r) != null) {
                    p.del(onceKey(r.kind(), scope(r)));
                }
            }
            for (String id : indexed(channel, address)) {
                STEPS.forEach(step -> p.zrem(DUE, id + ":" + step));
            }
            if (sessionId != null) {
                p.del(sessionKey(sessionId));
            }
            p.del(patient);
            p.del(legacyPatientKey(channel, address));
            p.sync();
        }
        redis.xadd(AUDIT, XAddParams.xAddParams().maxLen(100_000).approximateTrimming(), Map.of("action", "erased",
                "by", by, "patient", pseudonym(channel, address).substring(0, 8), "records",
                String.valueOf(records.size()), "at", clock.instant().toString()));
        return records.size();
    }
}
