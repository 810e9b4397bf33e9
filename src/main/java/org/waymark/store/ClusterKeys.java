package org.waymark.store;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * What a Redis Cluster needs of the app's Redis calls, on any of its set-ups (one server, Sentinel, a cluster).
 * MULTI/EXEC on any of the app's Redis set-ups. One server or Sentinel: Jedis's own {@link UnifiedJedis#multi()}.
 * A Redis Cluster: Jedis's cluster client has no transactions, since one can only run on one node, so this opens
 * it on the node that serves {@code key}'s hash slot. Every key the transaction touches must share that slot (a
 * common hash tag such as {@code {dir}}); Redis answers CROSSSLOT otherwise.
 */
public final class ClusterKeys {
    private static final int PAGE = 500;

    private ClusterKeys() {
    }

    /** A transaction on the node holding {@code key}; close it to give its connection back. */
    public static AbstractTransaction multi(UnifiedJedis redis, String key) {
        if (redis instanceof RedisClusterClient cluster) {
            return new Transaction(cluster.getConnectionFromSlot(JedisClusterCRC16.getSlot(key)), true, true);
        }
        return redis.multi();
    }

    /** {@code prefix} with a hash tag, so every key under it lands in one cluster slot: kept if it has one. */
    public static String tagged(String prefix) {
        int open = prefix.indexOf('{');
        if (open >= 0 && prefix.indexOf('}', open) > open + 1) {
            return prefix;
        }
        return "{" + prefix + "}";
    }

    /**
     * Deletes these keys, one DEL each in a pipeline, since on a cluster they may lie in several slots; a node that
     * did not answer fails the whole call, so an erasure is never reported done with keys left behind.
     */
    public static void delete(UnifiedJedis redis, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (AbstractPipeline p = redis.pipelined()) {
            List<Response<Long>> deleted = keys.stream().map(p::del).toList();
            p.sync();
            answered(deleted);
        }
    }

    /**
     * Fails when any of a synced pipeline's commands got no answer. Jedis's cluster pipeline logs a node whose
     * connection broke and leaves that node's commands unanswered without failing {@code sync()}: without this
     * check, writes to a primary that just died would pass as made; nor does it follow a MOVED slot. Either is an
     * outage, so callers answer 503 and the patient's client sends again.
     */
    public static void answered(Collection<? extends Response<?>> responses) {
        for (Response<?> r : responses) {
            try {
                r.get();
            } catch (IllegalStateException unanswered) {
                throw new JedisConnectionException("A Redis node did not answer: the writes sent to it may not "
                        + "have been made", unanswered);
            } catch (JedisRedirectionException moved) {
                // the slot has moved (a failover the client has not seen yet): the command was not run there
                throw new JedisConnectionException("A Redis slot moved under a pipeline: " + moved.getMessage(),
                        moved);
            }
        }
    }

    /**
     * Every key matching {@code pattern}: SCAN on one server; on a cluster, SCAN on each of its nodes (a replica's
     * keys are its primary's, so a key seen twice is listed once). For rare jobs such as an erasure.
     */
    public static Set<String> scan(UnifiedJedis redis, String pattern) {
        Set<String> found = new LinkedHashSet<>();
        ScanParams match = new ScanParams().match(pattern).count(PAGE);
        if (redis instanceof RedisClusterClient cluster) {
            for (ConnectionPool node : cluster.getClusterNodes().values()) {
                try (Connection c = node.getResource(); Jedis jedis = new Jedis(c)) {
                    String cursor = ScanParams.SCAN_POINTER_START;
                    do {
                        ScanResult<String> page = jedis.scan(cursor, match);
                        found.addAll(page.getResult());
                        cursor = page.getCursor();
                    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
                }
            }
            return found;
        }
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            found.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return found;
    }
}
