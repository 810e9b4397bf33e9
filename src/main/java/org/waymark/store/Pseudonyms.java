package org.waymark.store;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import redis.clients.jedis.UnifiedJedis;

/**
 * The patient reference in records, indexes, exports and logs: a keyed HMAC-SHA256 of "channel:address", so that
 * no one without the key can go back from a reference to a phone number (a plain hash of every UK mobile takes
 * about 45 minutes on one core). The key is {@code WAYMARK_PSEUDONYM_KEY} (hex or base64, at least 16 bytes) or,
 * when that is unset, one made once and kept in Redis, so every node on that Redis names a patient alike.
 * Changing the key renames every patient: records made before are then found by the old reference no more.
 */
@Component
public class Pseudonyms {
    static final String REDIS_KEY = "wm:pseudonym-key";
    static final int MIN_KEY_BYTES = 16;
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");

    private final SharedKey key;

    Pseudonyms(UnifiedJedis redis, @Value("${waymark.pseudonym-key:}") String configured) {
        this.key = configured == null || configured.isBlank() ? SharedKey.inRedis(redis, REDIS_KEY)
                : SharedKey.of(parse(configured.trim()));
    }

    /** The reference for one patient: 32 hex digits (the first 128 bits of the HMAC). */
    public String of(String channel, String address) {
        return HexFormat.of().formatHex(key.hmac(channel + ":" + address), 0, 16);
    }

    /** Hex when it is only hex digits, else base64 (standard or URL-safe); never echoes the value in an error. */
    static byte[] parse(String text) {
        byte[] bytes;
        if (HEX.matcher(text).matches()) {
            bytes = HexFormat.of().parseHex(text);
        } else {
            try {
                bytes = (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder()
                        : Base64.getDecoder()).decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("WAYMARK_PSEUDONYM_KEY (waymark.pseudonym-key) is neither hex nor "
                        + "base64. Make one with: openssl rand -hex 32");
            }
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("WAYMARK_PSEUDONYM_KEY (waymark.pseudonym-key) is " + bytes.length
                    + " bytes; it must be at least " + MIN_KEY_BYTES + ". Make one with: openssl rand -hex 32");
        }
        return bytes;
    }
}
