package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import org.waymark.TestRedis;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/** A node is not ready for patients until it has read the directory it suggests from. */
class DirectoryReadinessTest {
    final UnifiedJedis redis = RedisClient.create(URI.create(TestRedis.url()));
    final String prefix = "wm:{dirready:" + UUID.randomUUID() + "}:";

    @AfterEach
    void tearDown() {
        for (String key : redis.keys(prefix + "*")) {
            redis.del(key);
        }
        redis.close();
    }

    @Test
    void outOfServiceUntilTheDirectoryHasBeenReadFromRedis() {
        ServiceStore store = new ServiceStore(redis, JsonMapper.builder().build(), PostcodeGeography.fromClasspath(),
                prefix);
        DirectoryIndex index = new DirectoryIndex(store);
        HealthIndicator directory = new DirectoryConfiguration().directoryHealthIndicator(index);

        assertThat(directory.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        index.current();
        assertThat(directory.health().getStatus()).isEqualTo(Status.UP);
    }
}
