package org.waymark.store;

import java.net.URI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** One Jedis client for the whole app, from {@code REDIS_URL} or an embedded Redis. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisSettings.class)
class RedisConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedRedisHolder embeddedRedis(RedisSettings settings) {
        return settings.embedded() ? new EmbeddedRedisHolder(EmbeddedRedis.start(settings.dataDir()))
                : new EmbeddedRedisHolder(null);
    }

    @Bean(destroyMethod = "close")
    UnifiedJedis redis(RedisSettings settings, EmbeddedRedisHolder embedded) {
        String url = settings.embedded() ? embedded.server().url() : settings.url().trim();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(Math.min(4, settings.poolSize()));
        return RedisClient.builder().fromURI(URI.create(url)).poolConfig(pool).build();
    }

    @Bean
    HealthIndicator redisHealthIndicator(ObjectProvider<UnifiedJedis> redis) {
        return () -> {
            try {
                String pong = redis.getObject().ping();
                return Health.up().withDetail("ping", pong).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    /** Keeps the embedded server's lifetime tied to the context; empty when an external Redis is used. */
    record EmbeddedRedisHolder(EmbeddedRedis server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
