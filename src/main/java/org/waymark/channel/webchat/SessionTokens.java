package org.waymark.channel.webchat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.springframework.stereotype.Component;

import org.waymark.store.SharedKey;

import redis.clients.jedis.UnifiedJedis;

/**
 * A web chat session's token is an HMAC of its id under a key every node shares (kept in Redis), so a turn checks
 * the token without a Redis read of its own, and a guessed id alone gets nowhere.
 */
@Component
class SessionTokens {
    private static final String KEY = "wm:webchat:token-key";
    private final SharedKey key;

    SessionTokens(UnifiedJedis redis) {
        this.key = SharedKey.inRedis(redis, KEY);
    }

    String tokenFor(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.hmac(sessionId));
    }

    boolean valid(String sessionId, String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(sessionId).getBytes(StandardCharsets.US_ASCII),
                token.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
