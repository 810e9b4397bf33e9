package org.waymark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import org.waymark.TestRedis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;

/** What counts as "Redis is down" (a 503 and a retry) and what is a bug (a 500), from real Jedis failures. */
class RedisHealthTest {

    @Test
    void noServerOnThePortIsAnOutageAndHealthIsDown() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (RedisClient nowhere = RedisClient.create(URI.create("redis://127.0.0.1:" + port))) {
            Throwable refused = catchThrowable(nowhere::ping);

            assertThat(RedisHealth.isOutage(refused)).isTrue();
            assertThat(RedisHealth.isOutage(new IllegalStateException("wrapped", refused))).isTrue();
            RedisHealth health = new RedisHealth(nowhere);
            assertThat(health.ping()).isFalse();
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        }
    }

    @Test
    void aPoolWithNoFreeConnectionWithinTheTimeOutIsAnOutage() {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(1);
        pool.setMaxWait(Duration.ofMillis(100));
        try (RedisClient redis = RedisClient.builder().fromURI(URI.create(TestRedis.url())).poolConfig(pool).build();
             Connection held = redis.getPool().getResource()) {
            Throwable exhausted = catchThrowable(redis::ping);

            assertThat(exhausted).hasRootCauseInstanceOf(java.util.NoSuchElementException.class);
            assertThat(RedisHealth.isOutage(exhausted)).isTrue();
            assertThat(held.isConnected()).isTrue();
        }
    }

    @Test
    void aWrongTypeIsABugNotAnOutage() {
        try (RedisClient redis = RedisClient.create(URI.create(TestRedis.url()))) {
            String key = "wm:test:health:" + UUID.randomUUID();
            redis.set(key, "a string");
            Throwable wrongType = catchThrowable(() -> redis.lpush(key, "x"));
            redis.del(key);

            assertThat(wrongType).hasMessageStartingWith("WRONGTYPE");
            assertThat(RedisHealth.isOutage(wrongType)).isFalse();
            assertThat(new RedisHealth(redis).health().getStatus()).isEqualTo(Status.UP);
        }
    }
}
