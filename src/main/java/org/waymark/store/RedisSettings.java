package org.waymark.store;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Redis is. {@code url} comes from {@code REDIS_URL}; blank means "start an embedded Redis with data under
 * {@code dataDir}".
 */
@ConfigurationProperties("waymark.redis")
public record RedisSettings(String url, Path dataDir) {
    public RedisSettings {
        if (dataDir == null) {
            dataDir = Path.of("data");
        }
    }

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
