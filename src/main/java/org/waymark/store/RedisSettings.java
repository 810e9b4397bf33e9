package org.waymark.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Redis is. {@code url} comes from {@code REDIS_URL}; blank means "start an embedded Redis with data under
 * {@code dataDir}". {@code poolSize} caps the connections one node opens.
 */
@ConfigurationProperties("waymark.redis")
public record RedisSettings(String url, Path dataDir, Integer poolSize) {
    public RedisSettings {
        if (dataDir == null) {
            dataDir = Path.of("data");
        }
        // Jedis's own default of 8 connections makes Tomcat's request threads queue for Redis under load.
        if (poolSize == null || poolSize <= 0) {
            poolSize = 64;
        }
    }

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
