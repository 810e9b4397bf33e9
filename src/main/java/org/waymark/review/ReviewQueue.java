package org.waymark.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import org.waymark.conversation.ConversationEvents;
import org.waymark.handoff.HandoffEvents;
import org.waymark.messaging.Channel;
import org.waymark.nlu.Intents;
import org.waymark.safety.RiskCategory;
import org.waymark.store.CompactJson;
import org.waymark.store.Pseudonyms;
import org.waymark.taxonomy.Need;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import tools.jackson.databind.json.JsonMapper;

/**
 * The review queue and the corrections made from it, in Redis, shared by every node.
 *
 * <p>Every message the NLU or the risk net read is kept as a {@link ReviewItem} ({@code wm:review:item:<id>}) for as
 * long as transcripts are, so a worker can flag it from a thread; those the bot was unsure of (two weak
 * understandings, the needs menu, out of scope, a check question), those a closing outcome contradicts (closed with
 * no further action after the bot raised a crisis) and those a worker flags go into the practice's queue
 * ({@code wm:review:queue:<practice>}, oldest first). A correction ({@code wm:review:corrections:<practice>}) takes
 * the message out of the queue. An erasure removes the items and the patient's words from every correction: a
 * correction a worker rewrote in their own words keeps those and its labels, any other is deleted.
 */
@Service
public class ReviewQueue {
    private static final Logger log = LoggerFactory.getLogger(ReviewQueue.class);
    static final int MAX_OWN_WORDS = 500;
    static final Set<String> REASONS = Set.of("unsure", "menu", "out_of_scope", "check", "tempered", "outcome",
            "flagged");

    private final UnifiedJedis redis;
    private final JsonMapper json;
    /** Items are kept compactly (defaults left out): one per message the bot read. */
    private final JsonMapper compact;
    private final Clock clock;
    private final long ttlSeconds;

    private final org.springframework.beans.factory.ObjectProvider<ModelGate> gate;
    private final Pseudonyms pseudonyms;

    ReviewQueue(UnifiedJedis redis, JsonMapper json, Clock clock, Pseudonyms pseudonyms,
                @Value("${waymark.conversation.transcript-days:90}") int transcriptDays,
                org.springframework.beans.factory.ObjectProvider<ModelGate> gate) {
        this.gate = gate;
        this.pseudonyms = pseudonyms;
        this.redis = redis;
        this.json = json;
        this.compact = CompactJson.of(json);
        this.clock = clock;
        this.ttlSeconds = Duration.ofDays(transcriptDays).toSeconds();
    }

    static String itemKey(String id) {
        return "wm:review:item:" + id;
    }

    /** A session's messages, for one read without a patient's address, and as kept before 7 December. */
    static String sessionKey(String sessionId) {
        return "wm:review:session:" + sessionId;
    }

    /**
     * A patient's messages, whichever session they came in: erasure finds them here, however their sessions went
     * (named by pseudonym, never by number), and a closed case its session's among them. One index a message, not
     * one by patient and one by session: it was 2 of the 7 keys an idle session cost in Redis.
     */
    private String patientKey(Channel channel, String address) {
        return "wm:review:patient:" + pseudonyms.of(channel.name(), address);
    }

    static String queueKey(String practice) {
        return "wm:review:queue:" + practice;
    }

    static String correctionsKey(String practice) {
        return "wm:review:corrections:" + practice;
    }

    private String week(Instant at) {
        var d = at.atZone(ZoneOffset.UTC);
        return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format(Locale.ROOT, "%02d",
                d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    // ---- recording -----------------------------------------------------------------------------------------------

    @EventListener
    void onUnderstood(ConversationEvents.Understood e) {
        ReviewItem item = new ReviewItem(e.messageId(), e.practice(), e.sessionId(), e.channel(), e.address(),
                e.text(), e.intent(), e.needs(), e.riskCategory(), e.riskLevel(), e.unsure(), e.at(), null);
        save(item);
        log.info("Session {} message {} read with model version {}", e.sessionId(), item.id(),
                gate.getObject().installedVersion(e.practice()));
        // one index a message: the patient's (erasure and a closed case find their items there), else the session's
        String index = e.channel() != null && e.address() != null ? patientKey(e.channel(), e.address())
                : sessionKey(e.sessionId());
        redis.sadd(index, item.id());
        redis.expire(index, ttlSeconds);
        redis.incr("wm:review:turns:" + week(e.at()));
        if (!item.reasons().isEmpty()) {
            redis.zadd(queueKey(item.practice()), item.at().toEpochMilli(), item.id());
        }
    }

    /** Closed with no further action after the bot raised a crisis: the bot's reading is put in question. */
    @EventListener
    void onClosed(HandoffEvents.Closed e) {
        if (!"no_further_action".equals(e.outcome()) || e.sessionId() == null) {
            return;
        }
        for (ReviewItem item : ofSession(e.sessionId(), e.channel(), e.address())) {
            if ("urgent".equals(item.riskLevel()) || "emergency".equals(item.riskLevel())) {
                queue(item.because("outcome", null));
            }
        }
    }

    /** A worker says the bot got this message wrong (from a thread). */
    public Optional<ReviewItem> flag(String messageId, String worker) {
        Optional<ReviewItem> found = find(messageId);
        found.ifPresent(item -> queue(item.because("flagged", worker)));
        return found.flatMap(i -> find(messageId));
    }

    /** Whether the bot read this message (so it can be flagged). */
    public boolean known(String messageId) {
        return messageId != null && redis.exists(itemKey(messageId));
    }

    private void queue(ReviewItem item) {
        save(item);
        if (!correctionsOf(item.practice()).containsKey(item.id())) {
            redis.zadd(queueKey(item.practice()), item.at().toEpochMilli(), item.id());
        }
    }

    private void save(ReviewItem item) {
        redis.set(itemKey(item.id()), compact.writeValueAsString(item), new SetParams().ex(ttlSeconds));
    }

    Optional<ReviewItem> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String raw = redis.get(itemKey(id));
        return raw == null ? Optional.empty() : Optional.of(compact.readValue(raw, ReviewItem.class));
    }

    /**
     * The items of a session: in its patient's index (or, for an item read without one, and for items kept before
     * 7 December, in the session's own).
     */
    private List<ReviewItem> ofSession(String sessionId, Channel channel, String address) {
        Set<String> ids = new java.util.LinkedHashSet<>(redis.smembers(sessionKey(sessionId)));
        if (channel != null && address != null) {
            ids.addAll(redis.smembers(patientKey(channel, address)));
        }
        List<ReviewItem> items = new ArrayList<>();
        for (String id : ids) {
            find(id).filter(i -> sessionId.equals(i.sessionId())).ifPresent(items::add);
        }
        return items;
    }

    /** The practice's queue, oldest first (items that expired are dropped from it). */
    List<ReviewItem> queue(String practice) {
        List<ReviewItem> items = new ArrayList<>();
        for (String id : redis.zrange(queueKey(practice), 0, -1)) {
            Optional<ReviewItem> item = find(id);
            if (item.isPresent()) {
                items.add(item.get());
            } else {
                redis.zrem(queueKey(practice), id);
            }
        }
        return items;
    }

    // ---- corrections ---------------------------------------------------------------------------------------------

    /** A correction's one part, as the page's buttons and the API send it. */
    record Change(List<String> needs, String intent, String riskCategory, String riskLevel, Boolean notRisk,
                  String ownWords) {
    }

    /** What is wrong with a change, in words for the worker; empty when it can be saved. */
    static List<String> problems(Change c) {
        List<String> problems = new ArrayList<>();
        boolean any = false;
        if (c.needs() != null) {
            any = true;
            for (String n : c.needs()) {
                if (Need.fromCode(n).isEmpty()) {
                    problems.add("Unknown need \"" + n + "\": use one of " + String.join(", ",
                            java.util.Arrays.stream(Need.values()).map(Need::code).toList()) + ".");
                }
            }
        }
        if (c.intent() != null) {
            any = true;
            if (!Intents.ALL.contains(c.intent())) {
                problems.add("Unknown intent \"" + c.intent() + "\": use one of "
                        + String.join(", ", new java.util.TreeSet<>(Intents.ALL)) + ".");
            }
        }
        if (c.riskCategory() != null || c.riskLevel() != null) {
            any = true;
            if (c.riskCategory() == null || java.util.Arrays.stream(RiskCategory.values())
                    .noneMatch(r -> r.code().equals(c.riskCategory()))) {
                problems.add("Choose the risk's category: suicide_self_harm, harm_to_others, abuse_safeguarding or "
                        + "medical_emergency.");
            }
            if (!"urgent".equals(c.riskLevel()) && !"emergency".equals(c.riskLevel())) {
                problems.add("Choose the risk's level: urgent or emergency.");
            }
            if (Boolean.TRUE.equals(c.notRisk())) {
                problems.add("A message cannot be both risk and not risk.");
            }
        }
        if (c.notRisk() != null) {
            any = true;
            if (!c.notRisk()) {
                problems.add("\"notRisk\" can only be true.");
            }
        }
        if (c.ownWords() != null) {
            any = true;
            if (c.ownWords().strip().isEmpty() || c.ownWords().length() > MAX_OWN_WORDS) {
                problems.add("Write the message in your own words, 1 to " + MAX_OWN_WORDS + " characters.");
            }
        }
        if (!any) {
            problems.add("Send the right needs, the right intent, a risk (category and level), notRisk or "
                    + "ownWords.");
        }
        return problems;
    }

    /**
     * Saves one part of a correction to a message, beside what was corrected before; the message leaves the queue.
     *
     * @throws IllegalArgumentException with the worker's words, when the change is not valid
     */
    Correction correct(ReviewItem item, Change c, String worker) {
        List<String> problems = problems(c);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        Correction before = correctionsOf(item.practice()).get(item.id());
        boolean risk = c.riskCategory() != null;
        boolean notRisk = Boolean.TRUE.equals(c.notRisk());
        Correction after = new Correction(item.id(), item.practice(), item.text(),
                c.ownWords() != null ? c.ownWords().strip() : before == null ? null : before.ownWords(),
                c.needs() != null ? c.needs() : before == null ? null : before.needs(),
                c.intent() != null ? c.intent() : before == null ? null : before.intent(),
                risk ? c.riskCategory() : notRisk || before == null ? null : before.riskCategory(),
                risk ? c.riskLevel() : notRisk || before == null ? null : before.riskLevel(),
                notRisk || (!risk && before != null && before.notRisk()), worker, clock.instant());
        redis.hset(correctionsKey(item.practice()), item.id(), json.writeValueAsString(after));
        redis.zrem(queueKey(item.practice()), item.id());
        if (before == null) {
            redis.incr("wm:review:corrections-week:" + week(after.at()));
        }
        log.info("Message {} corrected by {}", item.id(), worker);
        return after;
    }

    /** The practice's corrections, by message id. */
    Map<String, Correction> correctionsOf(String practice) {
        Map<String, Correction> all = new LinkedHashMap<>();
        redis.hgetAll(correctionsKey(practice)).forEach((id, raw) -> all.put(id, json.readValue(raw,
                Correction.class)));
        return all;
    }

    /** Turns recorded and corrections made in the ISO week of {@code at}. */
    public record Week(String week, long turns, long corrections) {
        public double reviewedShare() {
            return turns == 0 ? 0 : (double) corrections / turns;
        }
    }

    Week week() {
        String w = week(clock.instant());
        String turns = redis.get("wm:review:turns:" + w);
        String corrections = redis.get("wm:review:corrections-week:" + w);
        return new Week(w, turns == null ? 0 : Long.parseLong(turns),
                corrections == null ? 0 : Long.parseLong(corrections));
    }

    // ---- erasure -------------------------------------------------------------------------------------------------

    @EventListener
    @org.springframework.core.annotation.Order(0)
    void onForgotten(ConversationEvents.Forgotten e) {
        List<String> sessions = new ArrayList<>(e.sessionIds());
        if (e.sessionId() != null && !sessions.contains(e.sessionId())) {
            sessions.add(e.sessionId());
        }
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (String sessionId : sessions) {
            ids.addAll(redis.smembers(sessionKey(sessionId)));
        }
        String patient = e.channel() != null && e.address() != null ? patientKey(e.channel(), e.address()) : null;
        if (patient != null) {
            ids.addAll(redis.smembers(patient));
        }
        int items = 0;
        int kept = 0;
        for (String id : ids) {
            Optional<ReviewItem> item = find(id);
            redis.del(itemKey(id));
            items++;
            if (item.isEmpty()) {
                continue;
            }
            String practice = item.get().practice();
            redis.zrem(queueKey(practice), id);
            Correction c = correctionsOf(practice).get(id);
            if (c == null) {
                continue;
            }
            if (c.ownWords() != null) {
                redis.hset(correctionsKey(practice), id, json.writeValueAsString(new Correction(c.id(),
                        c.practice(), null, c.ownWords(), c.needs(), c.intent(), c.riskCategory(),
                        c.riskLevel(), c.notRisk(), c.by(), c.at())));
                kept++;
            } else {
                redis.hdel(correctionsKey(practice), id);
            }
        }
        for (String sessionId : sessions) {
            redis.del(sessionKey(sessionId));
        }
        if (patient != null) {
            redis.del(patient);
        }
        log.info("Erased {} reviewed message(s); {} correction(s) kept in a worker's own words", items, kept);
    }
}
