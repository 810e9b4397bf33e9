package org.waymark.directory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Matching over 10,000 services spread over London (target: p99 <= 2 ms), through the real store and index, so
 * each match includes its check of the directory's version in Redis. Uses {@code REDIS_URL} when set, else
 * an embedded Redis; its keys live under their own prefix and are removed afterwards. Run in SampleTime mode so
 * JMH reports p50/p99: {@code mvn -Pbench ...} or {@code java -jar target/benchmarks.jar MatchingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class MatchingBenchmark {
    static final String[] OUTCODES = {"E1", "E2", "E3", "E5", "E8", "E9", "E14", "E15", "E17", "N1", "N4", "N7",
        "N16", "N19", "NW1", "NW5", "NW6", "SE1", "SE5", "SE15", "SW2", "SW9", "W2", "W10", "EC1V", "WC1H"};
    static final String[] POSTCODES = {"E1 6AN", "N7", "E8", "SE1", "NW1", "E14", "N16", "W2", "SW9", "EC1V"};
    static final String[] DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU", "MO,WE", "TU,TH", "MO,WE,FR"};
    static final String[] CLOSED = {"inactive", "defunct", "temporarily closed"};
    static final Availability WEEKDAY_MORNINGS = new Availability(EnumSet.range(DayOfWeek.MONDAY,
            DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(12, 0));

    private RedisServer embedded;
    private UnifiedJedis redis;
    private String prefix;
    private ActivityMatcher matcher;
    private ServiceStore store;
    private List<String> ids;
    private MatchRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String url = System.getenv("REDIS_URL");
        if (url == null || url.isBlank()) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("waymark-bench-redis");
            embedded = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("dir " + dir)
                    .setting("appendonly no").setting("save \"\"").build();
            embedded.start();
            url = "redis://127.0.0.1:" + port;
        }
        redis = RedisClient.create(URI.create(url));
        prefix = "wm:{dirbench:" + System.nanoTime() + "}:";
        JsonMapper json = JsonMapper.builder().build();
        PostcodeGeography geography = PostcodeGeography.fromClasspath();
        Freshness freshness = new Freshness(Clock.systemUTC(), 180);
        store = new ServiceStore(redis, json, geography, prefix);
        ids = fill(store, geography, json, 10_000, freshness.today(), new Random(42));
        matcher = new RedisActivityMatcher(new DirectoryIndex(store), geography, freshness,
                DirectorySettings.defaults());
        Random random = new Random(1);
        Need[] needs = Need.values();
        requests = new MatchRequest[1024];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new MatchRequest(Set.of(needs[random.nextInt(needs.length)]),
                    POSTCODES[random.nextInt(POSTCODES.length)],
                    random.nextBoolean() ? WEEKDAY_MORNINGS : Availability.ANY, random.nextBoolean(), Set.of(),
                    Set.of(), 3);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (String key : redis.keys(prefix + "*")) {
            redis.del(key);
        }
        redis.close();
        if (embedded != null) {
            embedded.stop();
        }
    }

    @Benchmark
    public List<Suggestion> matchThreeForAPatient() {
        MatchRequest r = requests[next++ & (requests.length - 1)];
        return matcher.match(r);
    }

    /**
     * A link worker's edit (one service's status flipped and saved, as closing a group does) and then a match,
     * which reads that change into the node's copy of the cards first: the worst case of a match, paid once per
     * change on each node.
     */
    @Benchmark
    public List<Suggestion> editThenMatch() {
        int i = next++;
        String id = ids.get(i % ids.size());
        ObjectNode s = store.service(id).orElseThrow();
        s.put("status", "active".equals(s.path("status").asString()) ? "temporarily closed" : "active");
        store.save(s);
        return matcher.match(requests[i & (requests.length - 1)]);
    }

    /** Copies of the demo services, moved about London with varied needs, days, status and check dates. */
    static List<String> fill(ServiceStore store, PostcodeGeography geography, JsonMapper json, int count,
                             LocalDate today, Random random) {
        ArrayNode demo = DemoServicesLoader.demoServices(json);
        List<String> ids = new java.util.ArrayList<>(count);
        Need[] needs = Need.values();
        for (int i = 0; i < count; i++) {
            ObjectNode s = (ObjectNode) demo.get(i % demo.size()).deepCopy();
            s.remove(ServiceEdits.DAYS_SINCE_VERIFIED);
            s.put("id", UUID.randomUUID().toString());
            s.put("name", s.path("name").asString() + " " + i);
            s.put("status", random.nextInt(10) == 0 ? CLOSED[random.nextInt(3)] : "active");
            s.put("assured_date", today.minusDays(random.nextInt(10) < 8 ? random.nextInt(150)
                    : 200 + random.nextInt(300)).toString());
            PostcodeGeography.Point p = geography.locate(OUTCODES[random.nextInt(OUTCODES.length)]).orElseThrow();
            ObjectNode location = (ObjectNode) s.path("service_at_locations").get(0).path("location");
            location.put("latitude", p.lat() + (random.nextDouble() - 0.5) * 0.02);
            location.put("longitude", p.lon() + (random.nextDouble() - 0.5) * 0.03);
            ObjectNode schedule = (ObjectNode) s.path("schedules").get(0);
            schedule.put("byday", DAYS[random.nextInt(DAYS.length)]);
            int opens = 8 + random.nextInt(11);
            schedule.put("opens_at", String.format("%02d:00", opens));
            schedule.put("closes_at", String.format("%02d:30", opens + 1 + random.nextInt(2)));
            ArrayNode attributes = s.putArray("attributes");
            for (Need n : new Need[] {needs[random.nextInt(needs.length)], needs[random.nextInt(needs.length)]}) {
                ObjectNode a = attributes.addObject();
                a.put("id", UUID.randomUUID().toString());
                ObjectNode term = a.putObject("taxonomy_term");
                term.put("id", OrukMapping.termId(n));
                term.put("name", n.code());
                term.put("description", n.plainWords());
                term.put("taxonomy", OrukMapping.NEEDS_TAXONOMY);
            }
            ids.add(store.save(s).id());
        }
        return ids;
    }
}
