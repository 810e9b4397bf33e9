package org.waymark.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.waymark.store.ClusterKeys;

/**
 * Services in Redis, the one source of truth: the full ORUK JSON per service ({@code svc:<id>}), a hash of compact
 * {@link Activity} cards for matching ({@code cards}) and the set of ids ({@code ids}).
 *
 * <p>Every save and delete also moves the directory's version on, in the same MULTI: {@code version} is a counter,
 * {@code changes} a sorted set of ids scored by the version of their last change (so one id is there once), kept to
 * the last {@link #CHANGES_KEPT} ids, and {@code changes:floor} the highest version trimmed from it. {@code epoch}
 * is a random name for this history, set with the first change, so a node can tell a wiped and refilled Redis from
 * the one it read. {@link DirectoryIndex} reads these to keep each node's in-memory copy of the cards true.
 */
final class ServiceStore {
    static final String DEFAULT_PREFIX = "wm:{dir}:";
    /** How many recently changed ids the changes set keeps; a node further behind reloads every card. */
    static final int CHANGES_KEPT = 5_000;

    /**
     * KEYS: version, changes, floor, epoch; ARGV: id, how many ids to keep, an epoch for a new history. Moves the
     * version on, scores the id with it, trims the oldest ids (remembering the highest version trimmed).
     */
    private static final String BUMP = """
            redis.call('SET', KEYS[4], ARGV[3], 'NX')
            local v = redis.call('INCR', KEYS[1])
            redis.call('ZADD', KEYS[2], v, ARGV[1])
            local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[2])
            if extra > 0 then
              local gone = redis.call('ZRANGE', KEYS[2], 0, extra - 1, 'WITHSCORES')
              redis.call('SET', KEYS[3], gone[#gone])
              redis.call('ZREMRANGEBYRANK', KEYS[2], 0, extra - 1)
            end
            return v
            """;

    private final UnifiedJedis redis;
    private final ObjectMapper json;
    private final PostcodeGeography geography;
    private final String svcKey;
    private final String cardsKey;
    private final String idsKey;
    private final String versionKey;
    private final String changesKey;
    private final String floorKey;
    private final String epochKey;
    private final int changesKept;
    /** Parsed cards by id with the JSON they came from: Redis stays the truth, parsing happens once per change. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String text, Activity card) {
    }

    ServiceStore(UnifiedJedis redis, ObjectMapper json, PostcodeGeography geography, String prefix) {
        this(redis, json, geography, prefix, CHANGES_KEPT);
    }

    ServiceStore(UnifiedJedis redis, ObjectMapper json, PostcodeGeography geography, String prefix,
                 int changesKept) {
        if (changesKept < 1) {
            throw new IllegalArgumentException("changesKept must be 1 or more");
        }
        this.redis = redis;
        this.json = json;
        this.geography = geography;
        prefix = ClusterKeys.tagged(prefix); // one hash slot: the transactions and scripts below touch several keys
        this.svcKey = prefix + "svc:";
        this.cardsKey = prefix + "cards";
        this.idsKey = prefix + "ids";
        this.versionKey = prefix + "version";
        this.changesKey = prefix + "changes";
        this.floorKey = prefix + "changes:floor";
        this.epochKey = prefix + "epoch";
        this.changesKept = changesKept;
    }

    /** Which state of the directory: a history's epoch (null before the first change) and its version. */
    record Version(String epoch, long version) {
    }

    /**
     * What changed after a version: the ids changed since, each once (its data may be newer still), as of
     * {@code now}; {@code floor} is the highest version whose change is no longer listed.
     */
    record Changes(Version now, long floor, List<String> ids) {
    }

    /** Every card as of one version, read atomically. */
    record AllCards(Version version, Map<String, Activity> cards) {
    }

    /** Stores a service (replacing one with the same id) and returns its card. */
    Activity save(ObjectNode service) {
        Activity card = OrukMapping.toActivity(service, geography);
        try (AbstractTransaction tx = ClusterKeys.multi(redis, idsKey)) {
            tx.set(svcKey + card.id(), json.writeValueAsString(service));
            tx.hset(cardsKey, card.id(), json.writeValueAsString(card));
            tx.sadd(idsKey, card.id());
            bump(tx, card.id());
            tx.exec();
        }
        return card;
    }

    /**
     * Stores these services in one MULTI (so either all are stored or, should Redis fail, none) and returns their
     * cards.
     */
    List<Activity> saveAll(List<ObjectNode> services) {
        List<Activity> cards = new ArrayList<>(services.size());
        for (ObjectNode s : services) {
            cards.add(OrukMapping.toActivity(s, geography));
        }
        if (services.isEmpty()) {
            return cards;
        }
        try (AbstractTransaction tx = ClusterKeys.multi(redis, idsKey)) {
            for (int i = 0; i < services.size(); i++) {
                Activity card = cards.get(i);
                tx.set(svcKey + card.id(), json.writeValueAsString(services.get(i)));
                tx.hset(cardsKey, card.id(), json.writeValueAsString(card));
                tx.sadd(idsKey, card.id());
                bump(tx, card.id());
            }
            tx.exec();
        }
        return cards;
    }

    /** Removes every trace of a service. */
    void delete(String id) {
        try (AbstractTransaction tx = ClusterKeys.multi(redis, idsKey)) {
            tx.del(svcKey + id);
            tx.hdel(cardsKey, id);
            tx.srem(idsKey, id);
            bump(tx, id);
            tx.exec();
        }
    }

    private void bump(AbstractTransaction tx, String id) {
        tx.eval(BUMP, List.of(versionKey, changesKey, floorKey, epochKey),
                List.of(id, Integer.toString(changesKept), UUID.randomUUID().toString()));
    }

    /** The directory's version now: one round trip, run before every match. */
    Version version() {
        List<String> v = redis.mget(epochKey, versionKey);
        return new Version(v.get(0), number(v.get(1)));
    }

    /** Ids changed after {@code since}, with the version and epoch they were read at, atomically. */
    Changes changesSince(long since) {
        Response<String> epoch;
        Response<String> version;
        Response<String> floor;
        Response<List<Tuple>> changed;
        try (AbstractTransaction tx = ClusterKeys.multi(redis, idsKey)) {
            epoch = tx.get(epochKey);
            version = tx.get(versionKey);
            floor = tx.get(floorKey);
            changed = tx.zrangeByScoreWithScores(changesKey, "(" + since, "+inf");
            tx.exec();
        }
        List<String> ids = new ArrayList<>(changed.get().size());
        changed.get().forEach(t -> ids.add(t.getElement()));
        return new Changes(new Version(epoch.get(), number(version.get())), number(floor.get()), ids);
    }

    /** Every card with the version they are at, read in one MULTI. */
    AllCards allCardsWithVersion() {
        Response<String> epoch;
        Response<String> version;
        Response<Map<String, String>> all;
        try (AbstractTransaction tx = ClusterKeys.multi(redis, idsKey)) {
            epoch = tx.get(epochKey);
            version = tx.get(versionKey);
            all = tx.hgetAll(cardsKey);
            tx.exec();
        }
        Map<String, Activity> cards = new HashMap<>(Math.max(16, all.get().size() * 4 / 3 + 1));
        all.get().forEach((id, t) -> cards.put(id, parse(id, t)));
        return new AllCards(new Version(epoch.get(), number(version.get())), cards);
    }

    private static long number(String text) {
        return text == null ? 0 : Long.parseLong(text);
    }

    Optional<ObjectNode> service(String id) {
        String text = redis.get(svcKey + id);
        return text == null ? Optional.empty() : Optional.of((ObjectNode) json.readTree(text));
    }

    List<ObjectNode> services(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>(ids.size());
        for (String text : redis.mget(ids.stream().map(id -> svcKey + id).toArray(String[]::new))) {
            if (text != null) {
                out.add((ObjectNode) json.readTree(text));
            }
        }
        return out;
    }

    Optional<Activity> card(String id) {
        String text = redis.hget(cardsKey, id);
        return text == null ? Optional.empty() : Optional.of(parse(id, text));
    }

    private Activity parse(String id, String text) {
        Parsed p = parsed.get(id);
        if (p != null && p.text().equals(text)) {
            return p.card();
        }
        Activity card = readCard(id, text);
        if (parsed.size() > 100_000) {
            parsed.clear();
        }
        parsed.put(id, new Parsed(text, card));
        return card;
    }

    /**
     * The card as stored; one written before sessions carried their recurrence (Schedules) is made again from its
     * service, so an old directory is read as its schedules mean without being imported again.
     */
    private Activity readCard(String id, String text) {
        try {
            Activity card = json.readValue(text, Activity.class);
            if (card.sessions().stream().noneMatch(s -> s.recurrence() == null)) {
                return card;
            }
        } catch (JacksonException e) {
            // an older card: made again below
        }
        String service = redis.get(svcKey + id);
        if (service == null) {
            throw new IllegalStateException("Card " + id + " is unreadable and has no service to make it from");
        }
        return OrukMapping.toActivity(json.readTree(service), geography);
    }

    /** Cards for these ids, in the same order, skipping unknown ones. */
    List<Activity> cards(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String[] keys = ids.toArray(String[]::new);
        List<String> texts = redis.hmget(cardsKey, keys);
        List<Activity> out = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            if (texts.get(i) != null) {
                out.add(parse(keys[i], texts.get(i)));
            }
        }
        return out;
    }

    List<Activity> allCards() {
        Map<String, String> all = redis.hgetAll(cardsKey);
        List<Activity> out = new ArrayList<>(all.size());
        all.forEach((id, t) -> out.add(parse(id, t)));
        return out;
    }

    Set<String> ids() {
        return redis.smembers(idsKey);
    }

    long count() {
        return redis.scard(idsKey);
    }
}
