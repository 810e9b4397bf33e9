package org.waymark.channel.sms;

import java.time.Clock;

import redis.clients.jedis.UnifiedJedis;

/**
 * Numbers that texted STOP (or a synonym): nothing but a crisis reply goes to them until START. Keyed by the number
 * in E.164 ({@link org.waymark.messaging.PhoneNumbers#key}), so a STOP from "447700900123" stops "07700 900123".
 */
final class OptOuts {
    private final UnifiedJedis redis;
    private final SmsKeys keys;
    private final Clock clock;

    OptOuts(UnifiedJedis redis, SmsKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    boolean optedOut(String number) {
        return redis.exists(keys.optOut(org.waymark.messaging.PhoneNumbers.key(number)));
    }

    void optOut(String number) {
        redis.set(keys.optOut(org.waymark.messaging.PhoneNumbers.key(number)), clock.instant().toString());
    }

    void optIn(String number) {
        redis.del(keys.optOut(org.waymark.messaging.PhoneNumbers.key(number)));
    }
}
