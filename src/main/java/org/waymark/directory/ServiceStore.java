package org.waymark.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.waymark.taxonomy.Need;

import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Services in Redis: the full ORUK JSON per service, a hash of compact {@link Activity} cards for matching, a GEO
 * index of located services, one set per need and, per need, a GEO index of the active services that serve it
 * (so matching reads only candidates that could fit).
 */
final class ServiceStore {
    static final String DEFAULT_PREFIX = "wm:dir:";

    private final UnifiedJedis redis;
    private final ObjectMapper json;
    private final PostcodeGeography geography;
    private final String svcKey;
    private final String cardsKey;
    private final String geoKey;
    private final String idsKey;
    private final String needKey;
    private final String needGeoKey;
    /** Parsed cards by id with the JSON they came from: Redis stays the truth, parsing happens once per change. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String text, Activity card) {
    }

    ServiceStore(UnifiedJedis redis, ObjectMapper json, PostcodeGeography geography, String prefix) {
        this.redis = redis;
        this.json = json;
        this.geography = geography;
        this.svcKey = prefix + "svc:";
        this.cardsKey = prefix + "cards";
        this.geoKey = prefix + "geo";
        this.idsKey = prefix + "ids";
        this.needKey = prefix + "need:";
        this.needGeoKey = prefix + "geo:need:";
    }

    record Near(String id, double km) {
    }

    /** Stores a service (replacing one with the same id) and returns its card. */
    Activity save(ObjectNode service) {
        Activity card = OrukMapping.toActivity(service, geography);
        Optional<Activity> old = card(card.id());
        try (AbstractTransaction tx = redis.multi()) {
            tx.set(svcKey + card.id(), json.writeValueAsString(service));
            tx.hset(cardsKey, card.id(), json.writeValueAsString(card));
            tx.sadd(idsKey, card.id());
            old.ifPresent(o -> o.needs().forEach(n -> {
                tx.srem(needKey + n.code(), card.id());
                tx.zrem(needGeoKey + n.code(), card.id());
            }));
            card.needs().forEach(n -> tx.sadd(needKey + n.code(), card.id()));
            if (card.located() && card.active()) {
                card.needs().forEach(n -> tx.geoadd(needGeoKey + n.code(), card.lon(), card.lat(), card.id()));
            }
            if (card.located()) {
                tx.geoadd(geoKey, card.lon(), card.lat(), card.id());
            } else {
                tx.zrem(geoKey, card.id());
            }
            tx.exec();
        }
        return card;
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
        Activity card = json.readValue(text, Activity.class);
        if (parsed.size() > 100_000) {
            parsed.clear();
        }
        parsed.put(id, new Parsed(text, card));
        return card;
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

    Set<String> idsFor(Collection<Need> needs) {
        return redis.sunion(needs.stream().map(n -> needKey + n.code()).toArray(String[]::new));
    }

    /** Located services within {@code km} of a point, nearest first. */
    List<Near> near(double lat, double lon, double km) {
        return near(geoKey, lat, lon, km);
    }

    /** The {@code count} nearest active, located services that serve this need within {@code km}, nearest first. */
    List<Near> near(Need need, double lat, double lon, double km, int count) {
        return near(needGeoKey + need.code(), lat, lon, km, count);
    }

    private List<Near> near(String key, double lat, double lon, double km) {
        return near(key, lat, lon, km, 0);
    }

    private List<Near> near(String key, double lat, double lon, double km, int count) {
        GeoSearchParam param = GeoSearchParam.geoSearchParam().fromLonLat(lon, lat).byRadius(km, GeoUnit.KM)
                .withDist().asc();
        List<GeoRadiusResponse> hits = redis.geosearch(key, count > 0 ? param.count(count) : param);
        List<Near> out = new ArrayList<>(hits.size());
        for (GeoRadiusResponse h : hits) {
            out.add(new Near(h.getMemberByString(), h.getDistance()));
        }
        return out;
    }

    /** Removes every trace of a service (used by tests and benchmarks that clean up after themselves). */
    void delete(String id) {
        Optional<Activity> old = card(id);
        try (AbstractTransaction tx = redis.multi()) {
            tx.del(svcKey + id);
            tx.hdel(cardsKey, id);
            tx.srem(idsKey, id);
            tx.zrem(geoKey, id);
            old.ifPresent(o -> o.needs().forEach(n -> {
                tx.srem(needKey + n.code(), id);
                tx.zrem(needGeoKey + n.code(), id);
            }));
            tx.exec();
        }
    }

    /** Cards keyed by id, keeping their order. */
    static Map<String, Activity> byId(List<Activity> cards) {
        Map<String, Activity> map = new LinkedHashMap<>();
        cards.forEach(c -> map.put(c.id(), c));
        return map;
    }
}
