package org.waymark.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.SafeEncoder;

/** The zero-install path: a real Redis from the jar, whose data outlives a restart with the same data folder. */
class EmbeddedRedisTest {

    @Test
    void dataSurvivesARestartWithTheSameDataDir(@TempDir Path dataDir) throws Exception {
        try (EmbeddedRedis first = EmbeddedRedis.start(dataDir);
             UnifiedJedis redis = RedisClient.create(URI.create(first.url()))) {
            redis.set("wm:test:survives", "yes");
        }
        assertThat(Files.list(dataDir).map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.startsWith("appendonly"));
        try (EmbeddedRedis second = EmbeddedRedis.start(dataDir);
             UnifiedJedis redis = RedisClient.create(URI.create(second.url()))) {
            assertThat(redis.get("wm:test:survives")).isEqualTo("yes");
        }
    }

    @Test
    void listensOnLoopbackOnly(@TempDir Path dataDir) {
        try (EmbeddedRedis server = EmbeddedRedis.start(dataDir);
             UnifiedJedis redis = RedisClient.create(URI.create(server.url()))) {
            assertThat(server.url()).startsWith("redis://127.0.0.1:");
            assertThat(configValue(redis, "bind")).contains("127.0.0.1");
            assertThat(configValue(redis, "appendonly")).isEqualTo("yes");
        }
    }

    @SuppressWarnings("unchecked")
    private static String configValue(UnifiedJedis client, String name) {
        java.util.List<Object> reply = (java.util.List<Object>) client.sendCommand(Protocol.Command.CONFIG, "GET",
                name);
        return SafeEncoder.encode((byte[]) reply.get(1));
    }
}
