package org.waymark.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * An HMAC-SHA256 key, either given (from configuration) or made once with {@link SecureRandom} and kept in Redis
 * with {@code SET NX}: the first node to start sets it, and every node on that Redis reads the same one.
 */
public final class SharedKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;
    /** An initialised MAC per thread: looking one up and keying it on every call cost more than the MAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private SharedKey(byte[] key) {
        this.key = key.clone();
        newMac(); // fail now, at start-up, if the key cannot be used
    }

    /** The key kept in Redis under {@code redisKey} (base64), made now when no node has made it yet. */
    public static SharedKey inRedis(UnifiedJedis redis, String redisKey) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        redis.set(redisKey, Base64.getEncoder().encodeToString(fresh), SetParams.setParams().nx());
        String kept = redis.get(redisKey);
        if (kept == null) {
            throw new IllegalStateException("The shared key " + redisKey + " vanished from Redis as it was set");
        }
        return new SharedKey(Base64.getDecoder().decode(kept));
    }

    /** A key given in configuration. */
    public static SharedKey of(byte[] key) {
        return new SharedKey(key);
    }

    /** HMAC-SHA256 of the text's UTF-8 bytes under this key. */
    public byte[] hmac(String text) {
        // doFinal resets the MAC for its next use on this thread
        return macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
