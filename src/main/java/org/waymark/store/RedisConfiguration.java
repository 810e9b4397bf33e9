package org.waymark.store;

import java.net.URI;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

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
    RedisClient redis(RedisSettings settings, EmbeddedRedisHolder embedded) {
        String url = settings.embedded() ? embedded.server().url() : settings.url().trim();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(Math.min(4, settings.poolSize()));
        // a full pool fails after the time-out (a 503 the caller can retry) instead of holding the request forever
        pool.setMaxWait(settings.timeout());
        // PING idle connections now and then, so those a Redis restart left dead are gone before a request gets one
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(java.time.Duration.ofSeconds(5));
        pool.setNumTestsPerEvictionRun(-1); // every idle one each run, not commons-pool's 3
        int millis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        // the client config first: fromURI adds the URL's password, database and TLS to it
        return RedisClient.builder()
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis).build())
                .fromURI(URI.create(url)).poolConfig(pool).build();
    }

    /** "redis" in {@code /actuator/health} and in the readiness group. */
    @Bean
    RedisHealth redisHealthIndicator(RedisClient redis) {
        return new RedisHealth(redis);
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
