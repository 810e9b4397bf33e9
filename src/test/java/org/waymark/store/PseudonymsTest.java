package org.waymark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.waymark.TestRedis;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The patient reference cannot be worked back to a number without the key, and every node uses the same key. */
public class PseudonymsTest {
    private static final String NUMBER = "+447700900456";
    private static final String KEY_HEX = "8f1c2a7be04d9635c1f0aa42e7d3b95c0b6e24d81f7a3c9e5d0b2f64a1c8e7d3";
    private static final String OTHER_HEX = "11223344556677889900aabbccddeeff00112233445566778899aabbccddeeff";
    static UnifiedJedis redis;

    @BeforeAll
    static void connect() {
        redis = RedisClient.create(URI.create(TestRedis.url()));
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    /** What the reference was before it was keyed: anyone can compute it for every number. */
    public static String plainSha256(String text) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 16);
    }

    @Test
    void withNoKeySetEveryNodeOnOneRedisMakesTheSameReferenceAndItIsNotThePlainHash() throws Exception {
        Pseudonyms nodeA = new Pseudonyms(redis, "");
        Pseudonyms nodeB = new Pseudonyms(redis, null);

        String reference = nodeA.of("sms", NUMBER);

        assertThat(reference).matches("[0-9a-f]{32}");
        assertThat(nodeA.of("sms", NUMBER)).as("stable across calls").isEqualTo(reference);
        assertThat(nodeB.of("sms", NUMBER)).as("the same on another node").isEqualTo(reference);
        assertThat(reference).isNotEqualTo(plainSha256("sms:" + NUMBER));
        assertThat(nodeA.of("webchat", NUMBER)).isNotEqualTo(reference);
        assertThat(redis.get(Pseudonyms.REDIS_KEY)).as("the key is kept in Redis").isNotBlank();
    }

    @Test
    void aConfiguredKeyIsUsedHexOrBase64AndAnotherKeyGivesAnotherReference() {
        String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(KEY_HEX));
        Pseudonyms configured = new Pseudonyms(redis, KEY_HEX);

        assertThat(new Pseudonyms(redis, " " + base64 + "\n").of("sms", NUMBER))
                .as("the same key written in base64").isEqualTo(configured.of("sms", NUMBER));
        assertThat(new Pseudonyms(redis, OTHER_HEX).of("sms", NUMBER)).isNotEqualTo(configured.of("sms", NUMBER));
        assertThat(new Pseudonyms(redis, "").of("sms", NUMBER)).as("the key kept in Redis is not used")
                .isNotEqualTo(configured.of("sms", NUMBER));
    }

    @Test
    void aKeyThatIsTooShortOrNeitherHexNorBase64StopsTheStartWithoutShowingIt() {
        assertThatThrownBy(() -> new Pseudonyms(redis, "0a1b2c3d4e5f")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WAYMARK_PSEUDONYM_KEY").hasMessageContaining("at least 16")
                .hasMessageNotContaining("0a1b2c3d4e5f");
        assertThatThrownBy(() -> new Pseudonyms(redis, "not a key, just words!"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("neither hex nor base64")
                .hasMessageNotContaining("just words");
    }
}
