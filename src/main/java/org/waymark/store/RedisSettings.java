package org.waymark.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import redis.clients.jedis.HostAndPort;

/**
 * Where Redis is: one server from {@code url} ({@code REDIS_URL}), a Redis Cluster from {@code clusterNodes}
 * ({@code REDIS_CLUSTER_NODES}, {@code host:port,host:port,...}), or a primary found by Sentinel from
 * {@code sentinels} and {@code sentinelMaster}. None of them means "start an embedded Redis with data under
 * {@code dataDir}" (the SMS spool lives there too, whichever Redis is used). {@code user}, {@code password} and
 * {@code tls} are for the cluster's nodes or Sentinel's primary and replicas ({@code REDIS_URL} carries its own);
 * {@code sentinelPassword} and {@code sentinelTls} for the sentinels themselves. {@code poolSize} caps the
 * connections one node opens (per Redis node on a cluster); {@code timeout} bounds connecting, each answer, and the
 * wait for a free connection, so a Redis that is gone or stuck turns into a quick "unavailable" instead of requests
 * that hang. {@code waitReplicas} is how many replicas must hold a write the app acknowledges to a patient before
 * it does (Redis's WAIT, up to {@code waitTimeout}): by default 1 on a cluster or Sentinel, whose replicas take
 * over from a failed primary, and 0 on one server.
 */
@ConfigurationProperties("waymark.redis")
public record RedisSettings(String url, Path dataDir, Integer poolSize, Duration timeout, String clusterNodes,
                            String sentinels, String sentinelMaster, String user, String password, boolean tls,
                            String sentinelPassword, boolean sentinelTls, Integer waitReplicas,
                            Duration waitTimeout) {
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
        if (waitTimeout == null || waitTimeout.isNegative() || waitTimeout.isZero()) {
            waitTimeout = Duration.ofMillis(100);
        }
        if (waitReplicas != null && waitReplicas < 0) {
            throw new IllegalArgumentException("REDIS_WAIT_REPLICAS is a count of replicas: 0 or more");
        }
        int given = (blank(url) ? 0 : 1) + (blank(clusterNodes) ? 0 : 1) + (blank(sentinels) ? 0 : 1);
        if (given > 1) {
            throw new IllegalArgumentException(
                    "Set only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS");
        }
        if (!blank(sentinels) && blank(sentinelMaster)) {
            throw new IllegalArgumentException("REDIS_SENTINELS needs REDIS_SENTINEL_MASTER, the primary's name");
        }
        // parse now, so a typo stops the start with a clear message
        hosts(clusterNodes, "REDIS_CLUSTER_NODES");
        hosts(sentinels, "REDIS_SENTINELS");
    }

    /** Replicas a write must reach before the app acknowledges it: as set, else 1 on a cluster or Sentinel. */
    public int replicasToWaitFor() {
        if (waitReplicas != null) {
            return waitReplicas;
        }
        return blank(clusterNodes) && blank(sentinels) ? 0 : 1;
    }

    boolean embedded() {
        return blank(url) && cluster() == null && sentinelSet() == null;
    }

    /** The cluster's seed nodes, or null when no cluster is set. */
    Set<HostAndPort> cluster() {
        return hosts(clusterNodes, "REDIS_CLUSTER_NODES");
    }

    /** The sentinels, or null when Sentinel is not used. */
    Set<HostAndPort> sentinelSet() {
        return hosts(sentinels, "REDIS_SENTINELS");
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Set<HostAndPort> hosts(String list, String name) {
        if (blank(list)) {
            return null;
        }
        Set<HostAndPort> hosts = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            try {
                hosts.add(new HostAndPort(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": \"" + p + "\" is not host:port");
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException(name + " lists no host:port");
        }
        return hosts;
    }
}
