package org.waymark.store;

import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * MULTI/EXEC on any of the app's Redis set-ups. One server or Sentinel: Jedis's own {@link UnifiedJedis#multi()}.
 * A Redis Cluster: Jedis's cluster client has no transactions, since one can only run on one node, so this opens
 * it on the node that serves {@code key}'s hash slot. Every key the transaction touches must share that slot (a
 * common hash tag such as {@code {dir}}); Redis answers CROSSSLOT otherwise.
 */
public final class OneSlot {
    private OneSlot() {
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
}
