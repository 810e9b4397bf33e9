package org.waymark.store;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Redis is. {@code url} comes from {@code REDIS_URL}; blank means "start an embedded Redis with data under
 * {@code dataDir}" (the SMS spool lives there too, whichever Redis is used). {@code poolSize} caps the connections
 * one node opens; {@code timeout} bounds connecting, each answer, and the wait for a free connection, so a Redis
 * that is gone or stuck turns into a quick "unavailable" instead of requests that hang.
 */
@ConfigurationProperties("waymark.redis")
public record RedisSettings(String url, Path dataDir, Integer poolSize, Duration timeout) {
    public RedisSettings {
        if (dataDir == null) {
            dataDir = Path.of("data");
        }
        // Jedis's own default of 8 connections makes Tomcat's request threads queue for Redis under load.
        if (poolSize == null || poolSize <= 0) {
            poolSize = 64;
        }
        // Jedis's own connect and read time-outs; the pool's wait for a connection is otherwise unbounded
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            timeout = Duration.ofSeconds(2);
        }
    }

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
