package org.waymark.store;

import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether Redis can be reached: the health indicator ("redis", in the readiness group), a PING for anyone who must
 * know before trying (the SMS spool), and {@link #isOutage}, which tells an outage (worth a 503 and a retry) from a
 * bug. After an outage the pool's idle connections are dead; {@link #outage} drops them, so the first requests
 * after Redis is back get fresh connections rather than a broken one each.
 */
public final class RedisHealth implements HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(RedisHealth.class);
    /** Replies Redis gives while it cannot serve for now: loading its data, no primary, a cluster resharding. */
    private static final String[] NOT_NOW = {"LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY"};

    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final UnifiedJedis redis;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong lastWarned = new AtomicLong();

    public RedisHealth(UnifiedJedis redis) {
        this.redis = redis;
    }

    /**
     * True when {@code t} or one of its causes says Redis cannot be reached or cannot answer just now: no connection
     * (refused, reset, timed out), no free connection in the pool within the time-out, or a "not now" reply.
     */
    public static boolean isOutage(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 16; c = c.getCause(), depth++) {
            if (c instanceof JedisConnectionException || c instanceof JedisClusterOperationException
                    || c instanceof JedisBusyException) {
                return true;
            }
            if (c instanceof JedisException && c.getCause() instanceof NoSuchElementException) {
                return true; // "Could not get a resource from the pool": all connections busy past the time-out
            }
            if (c instanceof JedisDataException && c.getMessage() != null) {
                for (String reply : NOT_NOW) {
                    if (c.getMessage().startsWith(reply)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Notes an outage seen by a caller: logged at most once a minute, idle connections dropped. */
    public void outage(Throwable t) {
        down.set(true);
        long now = System.nanoTime();
        long last = lastWarned.get();
        if ((last == 0 || now - last > WARN_EVERY_NANOS) && lastWarned.compareAndSet(last, now)) {
            log.warn("Redis cannot be reached ({}): answering 503 until it is back", describe(t));
        }
        if (redis instanceof RedisClient one) {
            one.getPool().clear();
        } else if (redis instanceof RedisClusterClient cluster) {
            cluster.getClusterNodes().values().forEach(ConnectionPool::clear);
        } // Sentinel's client makes a new pool itself when the primary changes
    }

    /** True when Redis answers a PING now; an outage is noted, anything else is thrown. */
    public boolean ping() {
        try {
            redis.ping();
        } catch (RuntimeException e) {
            if (!isOutage(e)) {
                throw e;
            }
            outage(e);
            return false;
        }
        if (down.compareAndSet(true, false)) {
            log.info("Redis answers again");
        }
        return true;
    }

    @Override
    public Health health() {
        try {
            return ping() ? Health.up().withDetail("ping", "PONG").build()
                    : Health.down().withDetail("error", "Redis cannot be reached").build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return t.getClass().getSimpleName() + (root != t ? " caused by " + root.getClass().getSimpleName() : "")
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
