package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.waymark.TestRedis;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Matching over 10,000 services in their own Redis keys (so other tests never see them). Prints p50/p99; the
 * JMH benchmark (src/jmh/java) is the real measurement, this keeps a gross regression from passing unnoticed.
 */
class MatchingLatencyTest {
    static final String[] POSTCODES = {"E1 6AN", "N7", "E8", "SE1", "NW1", "E14", "N16", "W2", "SW9", "EC1V"};

    @Test
    void matchingTenThousandServicesStaysFast() {
        String prefix = "wm:dirbench:" + System.nanoTime() + ":";
        JsonMapper json = JsonMapper.builder().build();
        PostcodeGeography geography = PostcodeGeography.fromClasspath();
        Freshness freshness = new Freshness(Clock.systemUTC(), 180);
        try (UnifiedJedis redis = RedisClient.create(URI.create(TestRedis.url()))) {
            ServiceStore store = new ServiceStore(redis, json, geography, prefix);
            try {
                long t0 = System.nanoTime();
                SyntheticDirectory.fill(store, geography, json, 10_000, freshness.today(), 42);
                long loadMs = (System.nanoTime() - t0) / 1_000_000;
                ActivityMatcher matcher = new RedisActivityMatcher(store, geography, freshness,
                        DirectorySettings.defaults());
                Random random = new Random(1);
                Availability weekdayMornings = new Availability(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                        LocalTime.of(9, 0), LocalTime.of(12, 0));
                Need[] needs = Need.values();
                int warmup = 3_000;
                int runs = 5_000;
                long[] nanos = new long[runs];
                for (int i = 0; i < warmup + runs; i++) {
                    MatchRequest r = new MatchRequest(Set.of(needs[random.nextInt(needs.length)]),
                            POSTCODES[random.nextInt(POSTCODES.length)],
                            random.nextBoolean() ? weekdayMornings : Availability.ANY, random.nextBoolean(),
                            Set.of(), Set.of(), 3);
                    long start = System.nanoTime();
                    List<Suggestion> found = matcher.match(r);
                    long took = System.nanoTime() - start;
                    if (i >= warmup) {
                        nanos[i - warmup] = took;
                    }
                    assertThat(found).hasSizeLessThanOrEqualTo(3);
                }
                Arrays.sort(nanos);
                double p50 = nanos[runs / 2] / 1e6;
                double p99 = nanos[(int) (runs * 0.99)] / 1e6;
                System.out.printf("Matching over 10,000 services: load %d ms, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                        loadMs, p50, p99, nanos[runs - 1] / 1e6);
                // generous: the machine is shared; the 2 ms target is for the JMH run on a quiet machine
                assertThat(p99).isLessThan(25.0);
            } finally {
                for (String key : redis.keys(prefix + "*")) {
                    redis.del(key);
                }
            }
        }
    }
}
