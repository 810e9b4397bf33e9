package org.waymark.handoff;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import org.waymark.accounts.SignInLocked;
import org.waymark.messaging.Channel;
import org.waymark.messaging.DeliveryUpdate;
import org.waymark.messaging.OutboundMessage;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;
import tools.jackson.databind.json.JsonMapper;

/**
 * The link worker queue. Handoffs live in Redis: each as JSON, the waiting ones in a sorted set by priority then
 * age (so any node sees the same queue), the claimed ones in a set, the closed ones in a list, the thread as a list.
 * Every change of state (claim, close, escalation, erasure) is one Lua script: it goes ahead only if the record is
 * still the one the caller read, and a claim or close only if it takes the id out of the waiting (or claimed) set,
 * so of two racing callers on any nodes exactly one wins. The record, its thread and its session index expire
 * together, {@code waymark.conversation.transcript-days} after the handoff's last change, like the transcript.
 * Every action a worker takes goes to the audit stream. Every handoff key has the {@code {handoff}} hash tag, so
 * on a Redis Cluster the scripts above, which touch a record, its indexes and the shared queues at once, run on
 * one slot (handoffs are few: people answer them, so one slot carries them easily).
 */
@Service
public class Handoffs {
    private static final Logger log = LoggerFactory.getLogger(Handoffs.class);
    static final String WAITING = "wm:{handoff}:waiting";
    static final String CLAIMED = "wm:{handoff}:claimed";
    static final String CLOSED = "wm:{handoff}:closed";
    static final String AUDIT = "wm:audit";
    /** Redis pub/sub topic every node's dashboard streams listen on. */
    static final String LIVE = "wm:handoffs:live";
    private static final long PRIORITY_STEP = 10_000_000_000_000L; // above any epoch millisecond for centuries
    /** Who asked when a patient erased their own data (FORGET); an administrator's erasure names them instead. */
    public static final String PATIENT = "patient";
    private static final int CLOSED_KEPT = 10_000;
    private static final int ATTEMPTS = 8;

    /**
     * One change of state. KEYS: record, thread, session index, address index, delivery states, waiting, claimed,
     * closed. ARGV: the record as read, the new record, id, seconds to keep, the change (claim, close, escalate,
     * erase; transfer, release, reopen), the waiting score, how many closed ids to keep. Answers ok; gone (no
     * record); changed (someone else changed it first: read again); taken (not in the waiting or claimed set:
     * someone else claimed, released or closed it).
     */
    private static final String TRANSITION = """
            local current = redis.call('GET', KEYS[1])
            if not current then return 'gone' end
            if current ~= ARGV[1] then return 'changed' end
            local change = ARGV[5]
            if change == 'claim' then
              if redis.call('ZREM', KEYS[6], ARGV[3]) == 0 then return 'taken' end
              redis.call('SADD', KEYS[7], ARGV[3])
            elseif change == 'close' then
              if redis.call('ZREM', KEYS[6], ARGV[3]) + redis.call('SREM', KEYS[7], ARGV[3]) == 0 then
                return 'taken'
              end
              redis.call('LPUSH', KEYS[8], ARGV[3])
              redis.call('LTRIM', KEYS[8], 0, tonumber(ARGV[7]) - 1)
            elseif change == 'escalate' then
              redis.call('ZADD', KEYS[6], 'XX', ARGV[6], ARGV[3])
            elseif change == 'transfer' then
              if redis.call('SISMEMBER', KEYS[7], ARGV[3]) == 0 then return 'taken' end
            elseif change == 'release' then
              if redis.call('SREM', KEYS[7], ARGV[3]) == 0 then return 'taken' end
              redis.call('ZADD', KEYS[6], ARGV[6], ARGV[3])
            elseif change == 'reopen' then
              redis.call('LREM', KEYS[8], 0, ARGV[3])
              redis.call('SADD', KEYS[7], ARGV[3])
            elseif change == 'erase' then
              redis.call('ZREM', KEYS[6], ARGV[3])
              redis.call('SREM', KEYS[7], ARGV[3])
              redis.call('DEL', KEYS[2], KEYS[5])
            end
            redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[4])
            for i = 2, 5 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
            return 'ok'
            """;

    /**
     * Adds to a thread, unless the handoff is gone or its patient's data was erased (so an erasure can never be
     * undone by a message racing it), or, for a worker's reply (ARGV[2] = 1), closed. KEYS: record, thread, session
     * index, address index, delivery states. ARGV: seconds to keep, 1 or 0, the messages.
     */
    private static final String APPEND = """
            local current = redis.call('GET', KEYS[1])
            if not current then return 0 end
            local h = cjson.decode(current)
            if h['erasedAt'] ~= nil and h['erasedAt'] ~= cjson.null then return 0 end
            if ARGV[2] == '1' and h['status'] == 'CLOSED' then return 0 end
            redis.call('RPUSH', KEYS[2], unpack(ARGV, 3))
            for i = 1, 5 do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
            return 1
            """;

    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final long keepSeconds;

    /** {@code transcriptDays}: how long transcripts are kept; handoffs are kept as long (90 when not positive). */
    Handoffs(UnifiedJedis redis, JsonMapper json, ApplicationEventPublisher events, Clock clock,
             @Value("${waymark.conversation.transcript-days:90}") int transcriptDays) {
        this.redis = redis;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.keepSeconds = Duration.ofDays(transcriptDays > 0 ? transcriptDays : 90).toSeconds();
    }

    /** What the conversation knows when it hands over. */
    public record Request(String practice, Channel channel, String address, String sessionId, Priority priority,
                          String reason, Handoff.Summary summary, List<OutboundMessage> history,
                          PatientContact contact, String earlierId) {
        /** A first handoff without a contact preference (the patient was not asked how to be contacted). */
        public Request(String practice, Channel channel, String address, String sessionId, Priority priority,
                       String reason, Handoff.Summary summary, List<OutboundMessage> history) {
            this(practice, channel, address, sessionId, priority, reason, summary, history, null, null);
        }
    }

    /**
     * A change to the queue or a thread, as the dashboards hear of it.
     *
     * @param type     opened, escalated, claimed, message, note, assigned, released, reopened, closed, erased,
     *                 delivery
     * @param message  the new thread message or note, for type message and note
     * @param delivery for type delivery: the reply's message id and its state now
     */
    record Change(String type, String handoffId, String status, String priority, String assignee,
                  ThreadEntry message, Delivery delivery) {
        static Change of(String type, Handoff h, OutboundMessage message) {
            return entry(type, h, message == null ? null : ThreadEntry.of(message, null));
        }

        static Change of(String type, Handoff h) {
            return entry(type, h, null);
        }

        static Change entry(String type, Handoff h, ThreadEntry entry) {
            return new Change(type, h.id(), h.status().code(), h.priority().code(), h.assignee(), entry, null);
        }
    }

    /** A worker reply's delivery state, as the dashboard shows it beside the reply. */
    record Delivery(String messageId, String state) {
    }

    public sealed interface ClaimResult {
        record Claimed(Handoff handoff) implements ClaimResult { }
        record AlreadyClaimed(String by) implements ClaimResult { }
        record NotFound() implements ClaimResult { }
        record Erased() implements ClaimResult { }
    }

    /** How a close went: {@link Changed} means the record moved on since it was read; read and decide again. */
    sealed interface CloseResult {
        record Closed(Handoff handoff) implements CloseResult { }
        record AlreadyClosed() implements CloseResult { }
        record Changed() implements CloseResult { }
        record NotFound() implements CloseResult { }
    }

    /** A record as read, with its stored text, so a change can check nobody changed it since. */
    record Stored(String raw, Handoff handoff) {
    }

    static String key(String id) {
        return "wm:{handoff}:" + id;
    }

    static String bySessionKey(String sessionId) {
        return "wm:{handoff}:by-session:" + sessionId;
    }

    static String threadKey(String id) {
        return "wm:{handoff}:" + id + ":thread";
    }

    /** Every handoff of a patient, whichever session opened it, for erasure. */
    static String byAddressKey(Channel channel, String address) {
        return "wm:{handoff}:by-address:" + channel.code() + ":" + address;
    }

    /** Each worker reply's delivery state (queued, sent, delivered, failed, opted_out), by message id. */
    static String deliveryKey(String id) {
        return "wm:{handoff}:" + id + ":delivery";
    }

    /**
     * The keys a change of {@code h} keeps alive together: record, thread, session index, address index, delivery
     * states.
     */
    private static List<String> keysOf(Handoff h) {
        return List.of(key(h.id()), threadKey(h.id()), bySessionKey(h.sessionId()),
                byAddressKey(h.channel(), h.address()), deliveryKey(h.id()));
    }

    public Handoff open(Request r) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        Handoff h = new Handoff(id, r.practice(), r.channel(), r.address(), r.sessionId(), r.priority(), r.reason(),
                HandoffStatus.WAITING, null, now, null, null, r.summary(), null, null, false, null, r.contact(),
                r.earlierId());
        try (AbstractPipeline p = redis.pipelined()) {
            p.setex(key(id), keepSeconds, json.writeValueAsString(h));
            if (!r.history().isEmpty()) {
                p.rpush(threadKey(id), r.history().stream().map(json::writeValueAsString).toArray(String[]::new));
                p.expire(threadKey(id), keepSeconds);
            }
            p.zadd(WAITING, score(r.priority(), now), id);
            p.sadd(bySessionKey(r.sessionId()), id);
            p.expire(bySessionKey(r.sessionId()), keepSeconds);
            p.sadd(byAddressKey(r.channel(), r.address()), id);
            p.expire(byAddressKey(r.channel(), r.address()), keepSeconds);
            p.sync();
        }
        audit("system", "opened", id, r.priority().code() + " " + r.reason());
        log.info("Handoff {} opened: {} priority, reason {}", id, r.priority().code(), r.reason());
        announce(Change.of("opened", h));
        events.publishEvent(new HandoffEvents.Opened(id, r.practice(), r.priority(), r.reason()));
        return h;
    }

    public Optional<Handoff> find(String id) {
        return load(id).map(Stored::handoff);
    }

    Optional<Stored> load(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String v = redis.get(key(id));
        return v == null ? Optional.empty() : Optional.of(new Stored(v, json.readValue(v, Handoff.class)));
    }

    /** The thread as the patient had it: the messages to and from them, without the link workers' notes. */
    public List<OutboundMessage> thread(String id) {
        return entries(id).stream().filter(e -> !e.note()).map(ThreadEntry::message).toList();
    }

    /** The whole thread as the dashboard shows it: messages, who wrote each reply, and internal notes. */
    public List<ThreadEntry> entries(String id) {
        return redis.lrange(threadKey(id), 0, -1).stream().map(s -> json.readValue(s, ThreadEntry.class)).toList();
    }

    /** Adds to the thread; a handoff that is gone, or whose patient's data was erased, takes nothing more. */
    public void addToThread(String id, OutboundMessage message) {
        find(id).filter(h -> append(h, message, false)).ifPresent(h -> announce(Change.of("message", h, message)));
    }

    private boolean append(Handoff h, OutboundMessage message, boolean onlyIfOpen) {
        return append(h, ThreadEntry.of(message, null), onlyIfOpen);
    }

    private boolean append(Handoff h, ThreadEntry entry, boolean onlyIfOpen) {
        Object added = redis.eval(APPEND, keysOf(h), List.of(Long.toString(keepSeconds), onlyIfOpen ? "1" : "0",
                json.writeValueAsString(entry)));
        return Long.valueOf(1).equals(added);
    }

    /** Raises a handoff's priority (a risk disclosed mid-conversation); never lowers it. */
    public Handoff escalate(String id, Priority priority, String reason, String risk) {
        for (int attempt = 1; ; attempt++) {
            Stored read = load(id).orElseThrow();
            Handoff h = read.handoff();
            if (priority.ordinal() >= h.priority().ordinal() || h.erased()) {
                return h;
            }
            Handoff.Summary s = h.summary();
            Handoff up = h.withPriority(priority, reason, new Handoff.Summary(s.needs(), s.postcodeArea(),
                    s.ownWords(), s.shown(), s.chosen(), risk, s.language()));
            String result = transition(read, up, "escalate", score(priority, h.openedAt()));
            if ("ok".equals(result)) {
                audit("system", "escalated", id, priority.code() + " " + reason);
                announce(Change.of("escalated", up));
                return up;
            }
            if ("gone".equals(result) || attempt == ATTEMPTS) {
                throw new IllegalStateException("Handoff " + id + " could not be escalated: " + result);
            }
        }
    }

    /** Waiting ones by priority then waiting time; others newest first. */
    public List<Handoff> list(HandoffStatus status) {
        Collection<String> ids = switch (status) {
            case WAITING -> redis.zrange(WAITING, 0, -1);
            case CLAIMED -> redis.smembers(CLAIMED);
            case CLOSED -> redis.lrange(CLOSED, 0, 199);
        };
        List<Handoff> out = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (String id : ids) {
            find(id).ifPresentOrElse(out::add, () -> expired.add(id));
        }
        forgetExpired(status, expired);
        if (status == HandoffStatus.CLAIMED) {
            out.sort(Comparator.comparing(Handoff::priority).thenComparing(Handoff::openedAt));
        }
        return out;
    }

    /** Ids whose record has expired (kept no longer than the transcripts) leave the list they were read from. */
    private void forgetExpired(HandoffStatus status, List<String> expired) {
        if (expired.isEmpty()) {
            return;
        }
        try (AbstractPipeline p = redis.pipelined()) {
            for (String id : expired) {
                switch (status) {
                    case WAITING -> p.zrem(WAITING, id);
                    case CLAIMED -> p.srem(CLAIMED, id);
                    case CLOSED -> p.lrem(CLOSED, 0, id);
                }
            }
            p.sync();
        }
        log.info("{} expired handoff(s) left the {} list", expired.size(), status.code());
    }

    public ClaimResult claim(String id, String worker) {
        for (int attempt = 1; ; attempt++) {
            Optional<Stored> read = load(id);
            if (read.isEmpty()) {
                return new ClaimResult.NotFound();
            }
            Handoff found = read.get().handoff();
            if (found.erased()) {
                return new ClaimResult.Erased();
            }
            if (found.status() != HandoffStatus.WAITING) {
                return new ClaimResult.AlreadyClaimed(found.assignee());
            }
            Handoff h = found.with(HandoffStatus.CLAIMED, worker, clock.instant(), null, null, null, false);
            // Exactly one caller, on whichever node, takes the id out of the waiting set: that caller owns it.
            String result = transition(read.get(), h, "claim", 0);
            switch (result) {
                case "ok" -> {
                    audit(worker, "claimed", id, "");
                    announce(Change.of("claimed", h));
                    events.publishEvent(new HandoffEvents.Claimed(id, worker));
                    return new ClaimResult.Claimed(h);
                }
                case "gone" -> {
                    return new ClaimResult.NotFound();
                }
                default -> {
                    if (attempt == ATTEMPTS) {
                        Handoff now = find(id).orElse(found);
                        return new ClaimResult.AlreadyClaimed(now.assignee());
                    }
                }
            }
        }
    }

    /**
     * A worker's message to the patient: into the thread, then out on the patient's channel. Empty when it was not
     * sent because since {@code h} was read the patient's data was erased, or the handoff was closed or expired.
     */
    Optional<OutboundMessage> reply(Handoff h, String worker, String text) {
        OutboundMessage m = new OutboundMessage(UUID.randomUUID().toString(), "worker", text, List.of(), List.of(),
                clock.instant());
        if (!append(h, ThreadEntry.of(m, worker), true)) {
            return Optional.empty();
        }
        deliveryState(h, m.id(), QUEUED, true);
        announce(Change.entry("message", h, ThreadEntry.of(m, worker)));
        audit(worker, "replied", h.id(), "");
        events.publishEvent(new HandoffEvents.WorkerReplied(h.id(), h.sessionId(), h.channel(), h.address(),
                h.practice(), m));
        if (h.channel() != Channel.SMS) {
            deliveryState(h, m.id(), "sent", false); // in the patient's chat now; SMS states come from the outbox
        }
        return Optional.of(m);
    }

    /**
     * An internal note: into the thread for the link workers, never to the patient (not in their transcript, not on
     * their channel), and in the audit without its words. Empty when the handoff is gone or its patient's data was
     * erased since {@code h} was read.
     */
    Optional<ThreadEntry> note(Handoff h, String worker, String text) {
        ThreadEntry note = new ThreadEntry(UUID.randomUUID().toString(), ThreadEntry.NOTE, text, List.of(),
                List.of(), clock.instant(), worker);
        if (!append(h, note, false)) {
            return Optional.empty();
        }
        audit(worker, "noted", h.id(), "");
        announce(Change.entry("note", h, note));
        return Optional.of(note);
    }

    /**
     * How a worker's change of hands went: {@code ok}, {@code changed} (it moved on since it was read: read again and
     * decide afresh), {@code taken} (someone else claimed, released or closed it), {@code gone}.
     */
    record Step(String result, Handoff handoff) {
        boolean ok() {
            return "ok".equals(result);
        }
    }

    /**
     * Gives the handoff as {@code read} to {@code to}: a waiting one is claimed for them (the one claim that wins),
     * a claimed one is transferred. The caller ({@link Desk}) checks who may.
     */
    Step assign(Stored read, String by, String to) {
        Handoff h = read.handoff();
        boolean waiting = h.status() == HandoffStatus.WAITING;
        Handoff next = h.with(HandoffStatus.CLAIMED, to, waiting ? clock.instant() : h.claimedAt(), null, null, null,
                false);
        String result = transition(read, next, waiting ? "claim" : "transfer", 0);
        if ("ok".equals(result)) {
            audit(by, waiting ? "assigned" : "transferred", h.id(), waiting ? "to " + to
                    : "from " + h.assignee() + " to " + to);
            announce(Change.of("assigned", next));
            if (waiting) {
                events.publishEvent(new HandoffEvents.Claimed(h.id(), to));
            }
        }
        return new Step(result, next);
    }

    /** Puts a claimed handoff back in the queue, in its place by priority and age, for anyone to claim. */
    Step release(Stored read, String by) {
        Handoff h = read.handoff();
        Handoff next = h.with(HandoffStatus.WAITING, null, null, null, null, h.note(), h.handBack());
        String result = transition(read, next, "release", score(h.priority(), h.openedAt()));
        if ("ok".equals(result)) {
            audit(by, "released", h.id(), "from " + h.assignee());
            announce(Change.of("released", next));
        }
        return new Step(result, next);
    }

    /**
     * Reopens a closed handoff, claimed by the worker who reopens it; how it had been closed goes into the thread as
     * a note, so nothing of the record is lost. The conversation hears of it ({@link HandoffEvents.Reopened}).
     */
    Step reopen(Stored read, String by) {
        Handoff h = read.handoff();
        Handoff next = h.with(HandoffStatus.CLAIMED, by, clock.instant(), null, null, null, false);
        String result = transition(read, next, "reopen", 0);
        if ("ok".equals(result)) {
            String closed = "Reopened by " + by + ". It had been closed"
                    + (h.closedAt() == null ? "" : " on " + HandoffPages.when(h.closedAt()))
                    + (h.outcome() == null ? "" : ": " + OUTCOMES.getOrDefault(h.outcome(), h.outcome()))
                    + (h.note() == null ? "." : ". Note: " + h.note());
            append(next, new ThreadEntry(UUID.randomUUID().toString(), ThreadEntry.NOTE, closed, List.of(),
                    List.of(), clock.instant(), by), false);
            audit(by, "reopened", h.id(), h.outcome() == null ? "" : "was " + h.outcome());
            announce(Change.of("reopened", next));
            events.publishEvent(new HandoffEvents.Reopened(h.id(), h.sessionId(), h.channel(), h.address(), by));
        }
        return new Step(result, next);
    }

    /** The patient's other handoffs (by their address on the channel), newest first; none for an erased one. */
    public List<Handoff> otherCasesOf(Handoff h) {
        if (h.erased()) {
            return List.of();
        }
        return redis.smembers(byAddressKey(h.channel(), h.address())).stream()
                .filter(id -> !id.equals(h.id()))
                .map(this::find).flatMap(Optional::stream)
                .sorted(Comparator.comparing(Handoff::openedAt).reversed())
                .toList();
    }

    /** The delivery state of each worker reply in the thread, by message id. */
    Map<String, String> deliveryStates(String id) {
        return redis.hgetAll(deliveryKey(id));
    }

    static final String QUEUED = "queued";
    /** Delivery states in the order they come; the last three are final. */
    private static final List<String> DELIVERY_ORDER = List.of(QUEUED, "sending", "sent", "delivered");
    static final Set<String> DELIVERY_MISSED = Set.of("undelivered", "failed", "opted_out");

    static String replyKey(String messageId) {
        return "wm:{handoff}:reply:" + messageId;
    }

    private static int rank(String state) {
        if (state == null) {
            return -1;
        }
        return DELIVERY_MISSED.contains(state) ? DELIVERY_ORDER.size() : DELIVERY_ORDER.indexOf(state);
    }

    /**
     * Moves a reply's delivery state on (never back: Twilio's callbacks come in any order) and tells the dashboards.
     * {@code first}: the reply was just written; its message id is indexed so the channel's updates find it.
     */
    private void deliveryState(Handoff h, String messageId, String state, boolean first) {
        if (first) {
            try (AbstractPipeline p = redis.pipelined()) {
                p.hset(deliveryKey(h.id()), messageId, state);
                p.expire(deliveryKey(h.id()), keepSeconds);
                p.setex(replyKey(messageId), keepSeconds, h.id());
                p.sync();
            }
            return; // the reply itself is announced with its state
        } else {
            String now = redis.hget(deliveryKey(h.id()), messageId);
            if (now == null || rank(state) <= rank(now) && !DELIVERY_MISSED.contains(state)) {
                return; // erased, expired, or already further on
            }
            redis.hset(deliveryKey(h.id()), messageId, state);
        }
        announce(new Change("delivery", h.id(), h.status().code(), h.priority().code(), h.assignee(), null,
                new Delivery(messageId, state)));
    }

    /** A channel's news of a message it was given: a worker's reply shows its state beside it, live. */
    @EventListener
    void onDelivery(DeliveryUpdate update) {
        String id = redis.get(replyKey(update.messageId()));
        if (id == null) {
            return; // not a worker's reply (a follow-up, a crisis notice), or long gone
        }
        find(id).filter(h -> !h.erased()).ifPresent(h -> deliveryState(h, update.messageId(), update.state(), false));
    }

    /**
     * Closes the handoff, whoever has it (the dashboard and API check who may: {@link Desk}); of two closes at once
     * exactly one succeeds, the other throws.
     *
     * @throws IllegalStateException when it is already closed, erased or gone
     */
    public Handoff close(String id, String worker, String outcome, String note, boolean handBack) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Stored read = load(id).orElseThrow(() -> new IllegalStateException("No handoff " + id));
            CloseResult result = close(read, worker, outcome, note, handBack);
            if (result instanceof CloseResult.Closed c) {
                return c.handoff();
            }
            if (!(result instanceof CloseResult.Changed)) {
                throw new IllegalStateException("Handoff " + id + " is not open: " + result);
            }
        }
        throw new IllegalStateException("Handoff " + id + " kept changing while it was being closed");
    }

    /**
     * Closes the handoff as {@code read}, in one atomic step that also takes it out of the waiting or claimed set
     * and puts it on the closed list once. {@link CloseResult.Changed} when it changed since it was read (claimed,
     * escalated, closed or erased by someone else): the caller reads it again and decides afresh.
     */
    CloseResult close(Stored read, String worker, String outcome, String note, boolean handBack) {
        Handoff h = read.handoff();
        if (!h.open()) {
            return new CloseResult.AlreadyClosed();
        }
        Handoff closed = h.with(HandoffStatus.CLOSED, h.assignee() == null ? worker : h.assignee(),
                h.claimedAt(), clock.instant(), outcome, note, handBack);
        switch (transition(read, closed, "close", 0)) {
            case "ok" -> {
                audit(worker, "closed", h.id(), outcome);
                announce(Change.of("closed", closed));
                events.publishEvent(new HandoffEvents.Closed(h.id(), h.sessionId(), h.channel(), h.address(),
                        outcome, handBack));
                return new CloseResult.Closed(closed);
            }
            case "gone" -> {
                return new CloseResult.NotFound();
            }
            case "taken" -> {
                return new CloseResult.AlreadyClosed();
            }
            default -> {
                return new CloseResult.Changed();
            }
        }
    }

    private String transition(Stored read, Handoff next, String change, double waitingScore) {
        Handoff h = read.handoff();
        List<String> keys = new ArrayList<>(keysOf(h));
        keys.addAll(List.of(WAITING, CLAIMED, CLOSED));
        Object result = redis.eval(TRANSITION, keys, List.of(read.raw(), json.writeValueAsString(next), h.id(),
                Long.toString(keepSeconds), change, Double.toString(waitingScore), Integer.toString(CLOSED_KEPT)));
        return result instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(result);
    }

    /**
     * A patient's erasure (their own FORGET, or an administrator's): every handoff of the address, whichever of
     * {@code sessionIds} opened it, leaves the queue and loses its thread and the patient's words and address, in
     * one atomic step each, so no message racing it can add to the thread again and no worker's reply goes out
     * after it. What remains (priority, reason, needs, times, outcome) names no one and expires like the rest. The
     * audit names who asked: {@link #PATIENT} or the administrator.
     *
     * @return how many handoffs were erased
     */
    public int erase(Channel channel, String address, Collection<String> sessionIds, String by) {
        List<String> indexes = new ArrayList<>(List.of(byAddressKey(channel, address)));
        sessionIds.stream().filter(s -> s != null && !Handoff.ERASED.equals(s)).map(Handoffs::bySessionKey)
                .forEach(indexes::add);
        Set<String> ids = new LinkedHashSet<>();
        indexes.forEach(index -> ids.addAll(redis.smembers(index)));
        int erased = 0;
        for (String id : ids) {
            if (eraseOne(id, by)) {
                erased++;
            }
        }
        redis.del(indexes.toArray(String[]::new));
        return erased;
    }

    private boolean eraseOne(String id, String by) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Stored> read = load(id);
            if (read.isEmpty()) {
                redis.del(threadKey(id), deliveryKey(id)); // expired record: its thread goes too, whatever is left
                return false;
            }
            Handoff h = read.get().handoff();
            if (h.erased()) {
                return false;
            }
            Handoff redacted = h.redacted(clock.instant());
            Set<String> replies = redis.hkeys(deliveryKey(id));
            if ("ok".equals(transition(read.get(), redacted, "erase", 0))) {
                if (!replies.isEmpty()) {
                    redis.del(replies.stream().map(Handoffs::replyKey).toArray(String[]::new));
                }
                audit(by, "erased", id, PATIENT.equals(by) ? "patient asked to forget"
                        : "erased by an administrator at the patient's request");
                announce(Change.of("erased", redacted));
                return true;
            }
        }
        throw new IllegalStateException("Handoff " + id + " kept changing while it was being erased");
    }

    /** The patient's most recently closed case (not erased), whichever of their sessions opened it. */
    public Optional<Handoff> lastClosed(Channel channel, String address) {
        return redis.smembers(byAddressKey(channel, address)).stream().map(this::find).flatMap(Optional::stream)
                .filter(h -> h.status() == HandoffStatus.CLOSED && !h.erased() && h.closedAt() != null)
                .max(Comparator.comparing(Handoff::closedAt));
    }

    /** Records that a worker looked at a conversation. */
    public void viewed(String id, String worker) {
        audit(worker, "viewed", id, "");
    }

    /** An emergency escalated to the on-call number ({@link EmergencyWatch}): the audit, and every dashboard. */
    void recordEscalation(String id, String detail) {
        audit("system", "escalated to on-call", id, detail);
        find(id).ifPresent(h -> announce(Change.of("on-call", h)));
    }

    /** How many emergencies wait unclaimed, for the banner on every dashboard page. */
    public long emergenciesWaiting() {
        return redis.zcount(WAITING, Double.NEGATIVE_INFINITY, (double) PRIORITY_STEP - 1);
    }

    /** An administrator's change that concerns no one case (a saved reply), for the audit trail. */
    void recordAdmin(String who, String action, String detail) {
        audit(who, action, "", detail);
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
        m.put("declined", "Patient declined social prescribing");
        m.put("no_further_action", "No further action");
        m.put("could_not_reach", "Could not reach the patient");
        return java.util.Collections.unmodifiableMap(m);
    }
}
