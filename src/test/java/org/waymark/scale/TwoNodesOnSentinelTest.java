package org.waymark.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.waymark.RedisProcesses;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisSentinelClient;

/**
 * {@link TwoNodesScenarios} on a Sentinel set started here (one primary, one replica, three sentinels;
 * {@code REDIS_SENTINELS} and {@code REDIS_SENTINEL_MASTER}). Last, the primary is killed mid-conversation: after
 * the sentinels promote the replica, the conversations carry on and no acknowledged turn is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesOnSentinelTest extends TwoNodesScenarios {
    private static final String MASTER = "waymark";
    static RedisProcesses sentinel;

    @BeforeAll
    static void startSentinelAndTwoNodes() {
        sentinel = RedisProcesses.sentinel(MASTER);
        var sentinels = new HashSet<HostAndPort>();
        sentinel.sentinelPorts().forEach(p -> sentinels.add(new HostAndPort("127.0.0.1", p)));
        start(RedisSentinelClient.builder().masterName(MASTER).sentinels(sentinels).build(),
                // blank, so a REDIS_URL in the environment (as .ci/run sets) does not stand beside it
                "--waymark.redis.url=", "--waymark.redis.sentinels=" + RedisProcesses.list(sentinel.sentinelPorts()),
                "--waymark.redis.sentinel-master=" + MASTER);
    }

    @AfterAll
    static void stopSentinel() {
        stopBoth();
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aReplyWaitsForTheReplicaButAStuckReplicaDoesNotStopTheConversation() throws Exception {
        repliesWaitForReplicas(sentinel);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void thePrimaryKilledMidConversationLosesNoAcknowledgedTurn() throws Exception {
        int before = sentinel.primaryOf(0);
        int turns = acknowledgedTurnsSurvive(ids -> sentinel.kill(before));
        assertThat(turns).isEqualTo(16);
        assertThat(sentinel.primaryOf(0)).as("the replica is the primary now").isNotEqualTo(before);
    }
}
