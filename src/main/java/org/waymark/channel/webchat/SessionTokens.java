package org.waymark.channel.webchat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * A web chat session's token is an HMAC of its id under a key every node shares (kept in Redis), so a turn checks
 * the token without a Redis read of its own, and a guessed id alone gets nowhere.
 */
@Component
class SessionTokens {
    private static final String KEY = "wm:webchat:token-key";
    private final byte[] key;
    /** An initialised MAC per thread: looking one up and keying it on every turn cost more than the MAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    SessionTokens(UnifiedJedis redis) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        // The first node to start sets the key; the others read it.
        redis.set(KEY, Base64.getEncoder().encodeToString(fresh), SetParams.setParams().nx());
        this.key = Base64.getDecoder().decode(redis.get(KEY));
    }

    String tokenFor(String sessionId) {
        // doFinal resets the MAC for its next use on this thread
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(macs.get().doFinal(sessionId.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean valid(String sessionId, String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(sessionId).getBytes(StandardCharsets.US_ASCII),
                token.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
