package org.waymark.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.waymark.RedisProcesses;
import org.waymark.store.ClusterKeys;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * {@link TwoNodesScenarios} on a Redis Cluster of three primaries and three replicas, started here
 * ({@code REDIS_CLUSTER_NODES}): a command spanning hash slots fails them (CROSSSLOT). Last, a primary is killed
 * mid-conversation: after its replica takes over, the conversations carry on and no acknowledged turn is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesOnClusterTest extends TwoNodesScenarios {
    static RedisProcesses cluster;

    @BeforeAll
    static void startClusterAndTwoNodes() {
        cluster = RedisProcesses.cluster();
        var nodes = new HashSet<HostAndPort>();
        cluster.dataPorts().forEach(p -> nodes.add(new HostAndPort("127.0.0.1", p)));
        start(RedisClusterClient.builder().nodes(nodes).build(),
                // blank, so a REDIS_URL in the environment (as .ci/run sets) does not stand beside it
                "--waymark.redis.url=", "--waymark.redis.cluster-nodes=" + RedisProcesses.list(cluster.dataPorts()));
    }

    @AfterAll
    static void stopCluster() {
        stopBoth();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aReplyWaitsForTheReplicasButStuckReplicasDoNotStopTheConversation() throws Exception {
        repliesWaitForReplicas(cluster);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aPrimaryKilledMidConversationLosesNoAcknowledgedTurn() throws Exception {
        int[] killed = {0};
        int turns = acknowledgedTurnsSurvive(ids -> {
            String onIt = "wm:transcript:" + ids.get(0);
            killed[0] = cluster.primaryOf(JedisClusterCRC16.getSlot(onIt));
            redis.exists(onIt); // leaves an idle pooled connection to that primary, as a busy node has
            cluster.kill(killed[0]);
            // Jedis's cluster pipeline lets a dead node's commands pass unanswered; the app's pipelines must not
            assertThatThrownBy(() -> ClusterKeys.delete(redis, List.of(onIt)))
                    .as("a write to the dead primary fails as an outage, not silently")
                    .isInstanceOf(JedisConnectionException.class);
        });
        assertThat(killed[0]).isPositive();
        assertThat(turns).isEqualTo(16);
        cluster.awaitClusterOk();
    }
}
