package org.waymark.scale;

import java.net.URI;

import org.junit.jupiter.api.BeforeAll;

import org.waymark.TestRedis;

import redis.clients.jedis.RedisClient;

/** {@link TwoNodesScenarios} on one Redis server (the suite's own). */
class TwoNodesTest extends TwoNodesScenarios {
    @BeforeAll
    static void startTwoNodes() {
        start(RedisClient.create(URI.create(TestRedis.url())), "--waymark.redis.url=" + TestRedis.url());
    }
}
