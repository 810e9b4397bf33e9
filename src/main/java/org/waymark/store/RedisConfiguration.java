package org.waymark.store;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * One Jedis client for the whole app: a {@link RedisClient} from {@code REDIS_URL} or an embedded Redis, a
 * {@link RedisClusterClient} from {@code REDIS_CLUSTER_NODES}, or a {@link RedisSentinelClient} from
 * {@code REDIS_SENTINELS}. All are {@link UnifiedJedis}, which is all the rest of the app sees.
 */
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
        GenericObjectPoolConfig<Connection> pool = pool(settings);
        int millis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        if (settings.cluster() != null) {
            return RedisClusterClient.builder().nodes(settings.cluster()).clientConfig(nodeConfig(settings, millis))
                    .poolConfig(pool)
                    // retry a moved slot or a failed-over primary for at most a few time-outs, then fail (a 503)
                    .maxAttempts(5).maxTotalRetriesDuration(settings.timeout().multipliedBy(3))
                    .topologyRefreshPeriod(Duration.ofSeconds(5)).build();
        }
        if (settings.sentinelSet() != null) {
            DefaultJedisClientConfig.Builder sentinel = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).ssl(settings.sentinelTls());
            if (!RedisSettings.blank(settings.sentinelPassword())) {
                sentinel.password(settings.sentinelPassword());
            }
            return RedisSentinelClient.builder().masterName(settings.sentinelMaster().trim())
                    .sentinels(settings.sentinelSet()).sentinelClientConfig(sentinel.build())
                    .clientConfig(nodeConfig(settings, millis)).poolConfig(pool).build();
        }
        String url = settings.embedded() ? embedded.server().url() : settings.url().trim();
        // the client config first: fromURI adds the URL's password, database and TLS to it
        return RedisClient.builder()
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis)
                        .socketTimeoutMillis(millis).build())
                .fromURI(URI.create(url)).poolConfig(pool).build();
    }

    private static DefaultJedisClientConfig nodeConfig(RedisSettings settings, int millis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis).ssl(settings.tls());
        if (!RedisSettings.blank(settings.user())) {
            config.user(settings.user().trim());
        }
        if (!RedisSettings.blank(settings.password())) {
            config.password(settings.password());
        }
        return config.build();
    }

    private static GenericObjectPoolConfig<Connection> pool(RedisSettings settings) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(Math.min(4, settings.poolSize()));
        // a full pool fails after the time-out (a 503 the caller can retry) instead of holding the request forever
        pool.setMaxWait(settings.timeout());
        // PING idle connections now and then, so those a Redis restart left dead are gone before a request gets one
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(5));
        pool.setNumTestsPerEvictionRun(-1); // every idle one each run, not commons-pool's 3
        return pool;
    }

    /** "redis" in {@code /actuator/health} and in the readiness group. */
    @Bean
    RedisHealth redisHealthIndicator(UnifiedJedis redis) {
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
