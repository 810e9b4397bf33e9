package org.waymark.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * index of located services and one set per need.
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

    ServiceStore(UnifiedJedis redis, ObjectMapper json, PostcodeGeography geography, String prefix) {
        this.redis = redis;
        this.json = json;
        this.geography = geography;
        this.svcKey = prefix + "svc:";
        this.cardsKey = prefix + "cards";
        this.geoKey = prefix + "geo";
        this.idsKey = prefix + "ids";
        this.needKey = prefix + "need:";
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
            old.ifPresent(o -> o.needs().forEach(n -> tx.srem(needKey + n.code(), card.id())));
            card.needs().forEach(n -> tx.sadd(needKey + n.code(), card.id()));
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
        return text == null ? Optional.empty() : Optional.of(json.readValue(text, Activity.class));
    }

    /** Cards for these ids, in the same order, skipping unknown ones. */
    List<Activity> cards(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Activity> out = new ArrayList<>(ids.size());
        for (String text : redis.hmget(cardsKey, ids.toArray(String[]::new))) {
            if (text != null) {
                out.add(json.readValue(text, Activity.class));
            }
        }
        return out;
    }

    List<Activity> allCards() {
        Map<String, String> all = redis.hgetAll(cardsKey);
        List<Activity> out = new ArrayList<>(all.size());
        all.values().forEach(t -> out.add(json.readValue(t, Activity.class)));
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
        List<GeoRadiusResponse> hits = redis.geosearch(geoKey,
                GeoSearchParam.geoSearchParam().fromLonLat(lon, lat).byRadius(km, GeoUnit.KM).withDist().asc());
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
            old.ifPresent(o -> o.needs().forEach(n -> tx.srem(needKey + n.code(), id)));
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
