package org.waymark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import redis.clients.jedis.UnifiedJedis;

@SpringBootTest
@ActiveProfiles("test")
class ApplicationStartsTest {
    @Autowired
    UnifiedJedis redis;

    @Test
    void startsAgainstTheTestJvmsRedis() {
        assertThat(redis.ping()).isEqualTo("PONG");
    }
}
