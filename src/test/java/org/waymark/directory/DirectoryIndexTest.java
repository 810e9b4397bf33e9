package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.waymark.TestRedis;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two nodes (two stores, indexes and matchers over one Redis and one key prefix) keep their in-memory cards true to
 * Redis: a change saved on one is in the other's very next match.
 */
class DirectoryIndexTest {
    static final MatchRequest LONELY_IN_E1 = new MatchRequest(Set.of(Need.LONELINESS), "E1 6AN", Availability.ANY,
            false, Set.of(), Set.of(), 50);

    final UnifiedJedis redis = RedisClient.create(URI.create(TestRedis.url()));
    final String prefix = "wm:{dirtest:" + UUID.randomUUID() + "}:";
    final JsonMapper json = JsonMapper.builder().build();
    final PostcodeGeography geography = PostcodeGeography.fromClasspath();
    final Freshness freshness = new Freshness(Clock.systemUTC(), 180);

    /** One app instance's directory: its own store, index, matcher and edits. */
    final class Node {
        final ServiceStore store;
        final DirectoryIndex index;
        final ActivityMatcher matcher;
        final ServiceEdits edits;

        Node(int changesKept) {
            store = new ServiceStore(redis, json, geography, prefix, changesKept);
            index = new DirectoryIndex(store);
            matcher = new RedisActivityMatcher(index, geography, freshness, DirectorySettings.defaults());
            edits = new ServiceEdits(store, geography, freshness, json);
        }

        List<String> lonelyInE1() {
            return matcher.match(LONELY_IN_E1).stream().map(Suggestion::id).toList();
        }
    }

    @AfterEach
    void tearDown() {
        for (String key : redis.keys(prefix + "*")) {
            redis.del(key);
        }
        redis.close();
    }

    /** An active, freshly checked lunch club for lonely people near E1 6AN. */
    ObjectNode lunchClub(String name) {
        ObjectNode s = (ObjectNode) DemoServicesLoader.demoServices(json).get(0).deepCopy();
        s.remove(ServiceEdits.DAYS_SINCE_VERIFIED);
        s.put("id", UUID.randomUUID().toString());
        s.put("name", name);
        s.put("status", "active");
        s.put("assured_date", freshness.today().toString());
        return s;
    }

    @Test
    void aGroupClosedOnOneNodeLeavesTheOtherNodesVeryNextMatch() {
        Node a = new Node(ServiceStore.CHANGES_KEPT);
        Node b = new Node(ServiceStore.CHANGES_KEPT);
        String first = a.store.save(lunchClub("Node Test Lunch Club")).id();
        String second = a.store.save(lunchClub("Node Test Coffee Morning")).id();
        assertThat(a.lonelyInE1()).contains(first, second);
        assertThat(b.lonelyInE1()).contains(first, second);

        a.edits.setStatus(first, "temporarily closed");
        assertThat(b.lonelyInE1()).contains(second).doesNotContain(first);
        assertThat(a.lonelyInE1()).contains(second).doesNotContain(first);

        b.edits.setStatus(first, "active");
        assertThat(a.lonelyInE1()).contains(first, second);

        String third = b.store.save(lunchClub("Node Test New Group")).id();
        assertThat(a.lonelyInE1()).contains(third);
        a.store.delete(second);
        assertThat(b.lonelyInE1()).contains(first, third).doesNotContain(second);

        // each node read every card once, at its first match; since then only the changed ones
        assertThat(a.index.fullReads()).isEqualTo(1);
        assertThat(b.index.fullReads()).isEqualTo(1);
    }

    @Test
    void aNodeFurtherBehindThanTheChangesKeptReadsEveryCardAgain() {
        Node a = new Node(3);
        Node b = new Node(3);
        List<String> ids = new ArrayList<>();
        ids.add(a.store.save(lunchClub("Kept Changes Club 0")).id());
        assertThat(b.lonelyInE1()).containsExactlyElementsOf(ids);

        for (int i = 1; i <= 5; i++) {
            ids.add(a.store.save(lunchClub("Kept Changes Club " + i)).id());
        }
        assertThat(redis.zcard(prefix + "changes")).isEqualTo(3);

        assertThat(b.lonelyInE1()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(b.index.fullReads()).isEqualTo(2);

        a.edits.setStatus(ids.get(0), "defunct");
        assertThat(b.lonelyInE1()).doesNotContain(ids.get(0)).hasSize(5);
        assertThat(b.index.fullReads()).as("one change behind: read just that card").isEqualTo(2);
    }

    @Test
    void aWipedAndRefilledRedisIsNotMistakenForTheOneANodeRead() {
        Node a = new Node(ServiceStore.CHANGES_KEPT);
        Node b = new Node(ServiceStore.CHANGES_KEPT);
        String old = a.store.save(lunchClub("Before The Wipe Club")).id();
        assertThat(b.lonelyInE1()).containsExactly(old);

        for (String key : redis.keys(prefix + "*")) {
            redis.del(key);
        }
        // as many changes as before, so the version number alone would look unchanged
        String fresh = a.store.save(lunchClub("After The Wipe Club")).id();

        assertThat(b.lonelyInE1()).containsExactly(fresh);
    }

    @Test
    void matchesRunningWhileAnotherNodeWritesAlwaysSeeAWholeSnapshotAndCatchUp() throws Exception {
        Node a = new Node(ServiceStore.CHANGES_KEPT);
        Node b = new Node(ServiceStore.CHANGES_KEPT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(a.store.save(lunchClub("Busy Club " + i)).id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < 100; i++) {
                        n += b.lonelyInE1().size();
                    }
                    return n;
                }));
            }
            for (int i = 0; i < 20; i += 2) {
                a.edits.setStatus(ids.get(i), "inactive");
            }
            for (Future<Integer> r : readers) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> open = new ArrayList<>();
        for (int i = 1; i < 20; i += 2) {
            open.add(ids.get(i));
        }
        assertThat(b.lonelyInE1()).containsExactlyInAnyOrderElementsOf(open);
    }

    @Test
    void distancesAreTheSameGreatCircleDistancesAsPostcodeGeography() {
        Node a = new Node(ServiceStore.CHANGES_KEPT);
        SyntheticDirectory.fill(a.store, geography, json, 200, freshness.today(), 11);
        DirectoryIndex.Snapshot cards = a.index.current();
        PostcodeGeography.Point origin = geography.locate("N7 6AA").orElseThrow();
        double lat = Math.toRadians(origin.lat());
        double lon = Math.toRadians(origin.lon());
        for (int i = 0; i < cards.size(); i++) {
            Activity c = cards.card(i);
            assertThat(cards.km(i, lat, lon, Math.cos(lat)))
                    .isCloseTo(origin.kmTo(new PostcodeGeography.Point(c.lat(), c.lon())),
                            org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void aSnapshotPatchedChangeByChangeAgreesWithOneReadWhole() {
        Node a = new Node(ServiceStore.CHANGES_KEPT);
        Node b = new Node(ServiceStore.CHANGES_KEPT);
        List<String> ids = new ArrayList<>(SyntheticDirectory.fill(a.store, geography, json, 300, freshness.today(),
                5));
        b.index.current();
        java.util.Random random = new java.util.Random(9);
        Need[] needs = Need.values();
        for (int step = 0; step < 300; step++) {
            int op = random.nextInt(10);
            if (op < 2 && !ids.isEmpty()) {
                a.store.delete(ids.remove(random.nextInt(ids.size())));
            } else if (op < 4) {
                ids.add(a.store.save(lunchClub("Patch Club " + step)).id());
            } else if (!ids.isEmpty()) {
                ObjectNode s = a.store.service(ids.get(random.nextInt(ids.size()))).orElseThrow();
                s.put("status", random.nextBoolean() ? "active" : "inactive");
                ObjectNode location = (ObjectNode) s.path("service_at_locations").get(0).path("location");
                location.put("latitude", 51.45 + random.nextDouble() * 0.1);
                ObjectNode term = (ObjectNode) s.path("attributes").get(0).path("taxonomy_term");
                Need n = needs[random.nextInt(needs.length)];
                term.put("id", OrukMapping.termId(n));
                term.put("name", n.code());
                a.store.save(s);
            }
            if (random.nextInt(4) == 0) {
                b.index.current();
            }
        }
        DirectoryIndex.Snapshot patched = b.index.current();
        DirectoryIndex.Snapshot whole = new Node(ServiceStore.CHANGES_KEPT).index.current();

        assertThat(b.index.fullReads()).as("caught up change by change").isEqualTo(1);
        assertThat(patched.version()).isEqualTo(whole.version());
        assertThat(patched.size()).isEqualTo(whole.size()).isEqualTo(ids.size());
        assertThat(patched.cards()).containsExactlyInAnyOrderElementsOf(whole.cards());
        PostcodeGeography.Point origin = geography.locate("E1 6AN").orElseThrow();
        double lat = Math.toRadians(origin.lat());
        double lon = Math.toRadians(origin.lon());
        for (Need n : needs) {
            assertThat(kmById(patched, patched.located(Set.of(n)), lat, lon)).as(n.code())
                    .isEqualTo(kmById(whole, whole.located(Set.of(n)), lat, lon));
            assertThat(idsOf(patched, patched.serving(Set.of(n)))).as(n.code())
                    .isEqualTo(idsOf(whole, whole.serving(Set.of(n))));
        }
        assertThat(idsOf(patched, patched.located(Set.of()))).isEqualTo(idsOf(whole, whole.located(Set.of())));
        assertThat(idsOf(patched, patched.serving(Set.of()))).isEqualTo(idsOf(whole, whole.serving(Set.of())));
        assertThat(idsOf(patched, patched.located(Set.of(Need.LONELINESS, Need.MONEY))))
                .isEqualTo(idsOf(whole, whole.located(Set.of(Need.LONELINESS, Need.MONEY))));
    }

    static java.util.Map<String, Double> kmById(DirectoryIndex.Snapshot s, int[] slots, double lat, double lon) {
        java.util.Map<String, Double> out = new java.util.HashMap<>();
        for (int i : slots) {
            assertThat(out.put(s.card(i).id(), s.km(i, lat, lon, Math.cos(lat)))).as("listed once").isNull();
        }
        return out;
    }

    static Set<String> idsOf(DirectoryIndex.Snapshot s, int[] slots) {
        Set<String> out = new java.util.HashSet<>();
        for (int i : slots) {
            assertThat(out.add(s.card(i).id())).as("listed once").isTrue();
        }
        return out;
    }
}
