package org.waymark.handoff;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import org.waymark.accounts.SignInLocked;
import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.ZAddParams;
import tools.jackson.databind.json.JsonMapper;

/**
 * The link worker queue. Handoffs live in Redis: each as JSON, the waiting ones in a sorted set by priority then
 * age (so any node sees the same queue), the thread as a list. Claiming is atomic across nodes: whoever removes
 * the id from the waiting set wins. Every action a worker takes goes to the audit stream.
 */
@Service
public class Handoffs {
    private static final Logger log = LoggerFactory.getLogger(Handoffs.class);
    static final String WAITING = "wm:handoffs:waiting";
    static final String CLAIMED = "wm:handoffs:claimed";
    static final String CLOSED = "wm:handoffs:closed";
    static final String AUDIT = "wm:audit";
    /** Redis pub/sub topic every node's dashboard streams listen on. */
    static final String LIVE = "wm:handoffs:live";
    private static final long PRIORITY_STEP = 10_000_000_000_000L; // above any epoch millisecond for centuries

    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Handoffs(UnifiedJedis redis, JsonMapper json, ApplicationEventPublisher events, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /** What the conversation knows when it hands over. */
    public record Request(String practice, Channel channel, String address, String sessionId, Priority priority,
                          String reason, Handoff.Summary summary, List<OutboundMessage> history) {
    }

    /**
     * A change to the queue or a thread, as the dashboards hear of it.
     *
     * @param type    opened, escalated, claimed, message, closed
     * @param message the new thread message, for type message
     */
    record Change(String type, String handoffId, String status, String priority, String assignee,
                  OutboundMessage message) {
        static Change of(String type, Handoff h, OutboundMessage message) {
            return new Change(type, h.id(), h.status().code(), h.priority().code(), h.assignee(), message);
        }
    }

    public sealed interface ClaimResult {
        record Claimed(Handoff handoff) implements ClaimResult { }
        record AlreadyClaimed(String by) implements ClaimResult { }
        record NotFound() implements ClaimResult { }
    }

    static String key(String id) {
        return "wm:handoff:" + id;
    }

    static String bySessionKey(String sessionId) {
        return "wm:handoffs:by-session:" + sessionId;
    }

    static String threadKey(String id) {
        return "wm:handoff:" + id + ":thread";
    }

    public Handoff open(Request r) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        Handoff h = new Handoff(id, r.practice(), r.channel(), r.address(), r.sessionId(), r.priority(), r.reason(),
                HandoffStatus.WAITING, null, now, null, null, r.summary(), null, null, false);
        try (AbstractPipeline p = redis.pipelined()) {
            p.set(key(id), json.writeValueAsString(h));
            if (!r.history().isEmpty()) {
                p.rpush(threadKey(id), r.history().stream().map(json::writeValueAsString).toArray(String[]::new));
            }
            p.zadd(WAITING, score(r.priority(), now), id);
            p.sadd(bySessionKey(r.sessionId()), id);
            p.sync();
        }
        audit("system", "opened", id, r.priority().code() + " " + r.reason());
        log.info("Handoff {} opened: {} priority, reason {}", id, r.priority().code(), r.reason());
        announce(Change.of("opened", h, null));
        events.publishEvent(new HandoffEvents.Opened(id, r.practice(), r.priority(), r.reason()));
        return h;
    }

    public Optional<Handoff> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String v = redis.get(key(id));
        return v == null ? Optional.empty() : Optional.of(json.readValue(v, Handoff.class));
    }

    public List<OutboundMessage> thread(String id) {
        return redis.lrange(threadKey(id), 0, -1).stream().map(s -> json.readValue(s, OutboundMessage.class))
                .toList();
    }

    public void addToThread(String id, OutboundMessage message) {
        redis.rpush(threadKey(id), json.writeValueAsString(message));
        find(id).ifPresent(h -> announce(Change.of("message", h, message)));
    }

    /** Raises a handoff's priority (a risk disclosed mid-conversation); never lowers it. */
    public Handoff escalate(String id, Priority priority, String reason, String risk) {
        Handoff h = find(id).orElseThrow();
        if (priority.ordinal() >= h.priority().ordinal()) {
            return h;
        }
        Handoff.Summary s = h.summary();
        Handoff up = h.withPriority(priority, reason, new Handoff.Summary(s.needs(), s.postcodeArea(),
                s.ownWords(), s.shown(), s.chosen(), risk));
        redis.set(key(id), json.writeValueAsString(up));
        if (h.status() == HandoffStatus.WAITING) {
            redis.zadd(WAITING, score(priority, h.openedAt()), id, ZAddParams.zAddParams()
                    .xx());
        }
        audit("system", "escalated", id, priority.code() + " " + reason);
        announce(Change.of("escalated", up, null));
        return up;
    }

    /** Waiting ones by priority then waiting time; others newest first. */
    public List<Handoff> list(HandoffStatus status) {
        Collection<String> ids = switch (status) {
            case WAITING -> redis.zrange(WAITING, 0, -1);
            case CLAIMED -> redis.smembers(CLAIMED);
            case CLOSED -> redis.lrange(CLOSED, 0, 199);
        };
        List<Handoff> out = new ArrayList<>();
        for (String id : ids) {
            find(id).ifPresent(out::add);
        }
        if (status == HandoffStatus.CLAIMED) {
            out.sort(Comparator.comparing(Handoff::priority).thenComparing(Handoff::openedAt));
        }
        return out;
    }

    public ClaimResult claim(String id, String worker) {
        Optional<Handoff> found = find(id);
        if (found.isEmpty()) {
            return new ClaimResult.NotFound();
        }
        // ZREM answers 1 to exactly one caller, on whichever node: that caller owns the handoff.
        if (redis.zrem(WAITING, id) != 1) {
            Handoff current = find(id).orElse(found.get());
            return new ClaimResult.AlreadyClaimed(current.assignee());
        }
        Handoff h = found.get().with(HandoffStatus.CLAIMED, worker, clock.instant(), null, null, null, false);
        try (AbstractPipeline p = redis.pipelined()) {
            p.set(key(id), json.writeValueAsString(h));
            p.sadd(CLAIMED, id);
            p.sync();
        }
        audit(worker, "claimed", id, "");
        announce(Change.of("claimed", h, null));
        events.publishEvent(new HandoffEvents.Claimed(id, worker));
        return new ClaimResult.Claimed(h);
    }

    /** A worker's message to the patient: into the thread, then out on the patient's channel. */
    public OutboundMessage reply(String id, String worker, String text) {
        Handoff h = find(id).orElseThrow();
        OutboundMessage m = new OutboundMessage(UUID.randomUUID().toString(), "worker", text, List.of(), List.of(),
                clock.instant());
        addToThread(id, m);
        audit(worker, "replied", id, "");
        events.publishEvent(new HandoffEvents.WorkerReplied(id, h.sessionId(), h.channel(), h.address(),
                h.practice(), m));
        return m;
    }

    public Handoff close(String id, String worker, String outcome, String note, boolean handBack) {
        Handoff h = find(id).orElseThrow();
        Handoff closed = h.with(HandoffStatus.CLOSED, h.assignee() == null ? worker : h.assignee(),
                h.claimedAt(), clock.instant(), outcome, note, handBack);
        try (AbstractPipeline p = redis.pipelined()) {
            p.set(key(id), json.writeValueAsString(closed));
            p.zrem(WAITING, id);
            p.srem(CLAIMED, id);
            p.lpush(CLOSED, id);
            p.ltrim(CLOSED, 0, 9_999);
            p.sync();
        }
        audit(worker, "closed", id, outcome);
        announce(Change.of("closed", closed, null));
        events.publishEvent(new HandoffEvents.Closed(id, h.sessionId(), h.channel(), h.address(), outcome,
                handBack));
        return closed;
    }

    /**
     * A patient's erasure request (FORGET, subject erasure): every handoff of the session loses its thread and the
     * patient's words and address; what remains (priority, reason, times, outcome) holds nothing that names them.
     * An audit entry records the erasure, without content.
     */
    public int eraseForSession(String sessionId) {
        if (sessionId == null) {
            return 0;
        }
        int erased = 0;
        for (String id : redis.smembers(bySessionKey(sessionId))) {
            Optional<Handoff> found = find(id);
            if (found.isEmpty()) {
                continue;
            }
            Handoff h = found.get();
            Handoff.Summary s = h.summary();
            Handoff redacted = new Handoff(h.id(), h.practice(), h.channel(), "erased", "erased", h.priority(),
                    h.reason(), h.status(), h.assignee(), h.openedAt(), h.claimedAt(), h.closedAt(),
                    new Handoff.Summary(s.needs(), null, null, List.of(), null, s.risk()), h.outcome(), null,
                    h.handBack());
            try (AbstractPipeline p = redis.pipelined()) {
                p.set(key(id), json.writeValueAsString(redacted));
                p.del(threadKey(id));
                p.sync();
            }
            audit("system", "erased", id, "patient asked to forget");
            erased++;
        }
        redis.del(bySessionKey(sessionId));
        return erased;
    }

    /** Records that a worker looked at a conversation. */
    public void viewed(String id, String worker) {
        audit(worker, "viewed", id, "");
    }

    /** A sign-in lock (the accounts module knows nothing of the audit stream, so it publishes an event). */
    @EventListener
    void signInLocked(SignInLocked locked) {
        audit(locked.who(), "sign-in locked", "", locked.detail());
    }

    /** Latest audit events, newest first: who viewed, claimed, replied to and closed what. */
    public List<Map<String, String>> audit(int count) {
        return redis.xrevrange(AUDIT, (StreamEntryID) null, (StreamEntryID) null, count).stream()
                .map(e -> {
                    Map<String, String> m = new java.util.LinkedHashMap<>(e.getFields());
                    m.put("id", e.getID().toString());
                    return m;
                }).toList();
    }

    /** Tells every node's dashboards; a lost announcement only delays a screen, so it never fails the action. */
    private void announce(Change change) {
        try {
            redis.publish(LIVE, json.writeValueAsString(change));
        } catch (RuntimeException e) {
            log.warn("Could not announce a handoff change: {}", e.getClass().getSimpleName());
        }
    }

    private void audit(String who, String action, String handoffId, String detail) {
        redis.xadd(AUDIT, XAddParams.xAddParams().maxLen(100_000).approximateTrimming(),
                Map.of("who", who, "action", action, "handoff", handoffId, "detail", detail,
                        "at", clock.instant().toString()));
    }

    static double score(Priority p, Instant opened) {
        return (double) (p.ordinal() * PRIORITY_STEP + opened.toEpochMilli());
    }

    static Set<String> outcomes() {
        return OUTCOMES.keySet();
    }

    /** Close outcomes and how the dashboard words them, in the order it offers them. */
    static final Map<String, String> OUTCOMES = orderedOutcomes();

    private static Map<String, String> orderedOutcomes() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("referred_to_activity", "Referred to an activity");
        m.put("signposted_elsewhere", "Signposted elsewhere");
        m.put("no_further_action", "No further action");
        m.put("could_not_reach", "Could not reach the patient");
        return java.util.Collections.unmodifiableMap(m);
    }
}
