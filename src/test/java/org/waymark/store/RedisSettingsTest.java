package org.waymark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.HostAndPort;

/** A Redis set-up given wrongly stops the start with a message that says what to fix. */
class RedisSettingsTest {
    private static RedisSettings of(String url, String cluster, String sentinels, String master) {
        return new RedisSettings(url, null, null, null, cluster, sentinels, master, null, null, false, null, false,
                null, null);
    }

    @Test
    void writesWaitForAReplicaWhereAReplicaTakesOverAndNowhereElse() {
        assertThat(of(null, "127.0.0.1:7000", null, null).replicasToWaitFor()).isEqualTo(1);
        assertThat(of(null, null, "127.0.0.1:26379", "waymark").replicasToWaitFor()).isEqualTo(1);
        assertThat(of("redis://localhost:6379", null, null, null).replicasToWaitFor()).isZero();
        assertThat(of(null, null, null, null).replicasToWaitFor()).as("embedded").isZero();
        assertThat(new RedisSettings("redis://localhost:6379", null, null, null, null, null, null, null, null, false,
                null, false, 2, null).replicasToWaitFor()).as("as set, for a managed Redis with replicas").isEqualTo(2);
        assertThatThrownBy(() -> new RedisSettings(null, null, null, null, null, null, null, null, null, false, null,
                false, -1, null)).hasMessageContaining("REDIS_WAIT_REPLICAS");
    }

    @Test
    void aClusterListIsReadAsHostsAndPorts() {
        RedisSettings s = of(null, " 10.0.0.1:7000, redis-b:7001 ,", null, null);
        assertThat(s.cluster()).containsExactly(new HostAndPort("10.0.0.1", 7000), new HostAndPort("redis-b", 7001));
        assertThat(s.embedded()).isFalse();
        assertThat(s.sentinelSet()).isNull();
    }

    @Test
    void twoSetUpsAtOnceAreRefused() {
        assertThatThrownBy(() -> of("redis://localhost:6379", "127.0.0.1:7000", null, null))
                .hasMessageContaining("only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS");
    }

    @Test
    void aNodeWithoutAPortIsNamed() {
        assertThatThrownBy(() -> of(null, "127.0.0.1:7000,redis-b", null, null))
                .hasMessageContaining("REDIS_CLUSTER_NODES").hasMessageContaining("\"redis-b\" is not host:port");
    }

    @Test
    void sentinelsNeedTheMastersName() {
        assertThatThrownBy(() -> of(null, null, "127.0.0.1:26379", " "))
                .hasMessageContaining("REDIS_SENTINEL_MASTER");
        assertThat(of(null, null, "127.0.0.1:26379", "waymark").sentinelSet()).hasSize(1);
    }

    @Test
    void nothingSetMeansTheEmbeddedRedis() {
        assertThat(of(" ", "", null, null).embedded()).isTrue();
    }
}
