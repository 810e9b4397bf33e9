package org.waymark.channel.sms;

import java.time.Clock;

import redis.clients.jedis.UnifiedJedis;

/** Numbers that texted STOP (or a synonym): nothing but a crisis reply goes to them until START. */
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
        return redis.exists(keys.optOut(number));
    }

    void optOut(String number) {
        redis.set(keys.optOut(number), clock.instant().toString());
    }

    void optIn(String number) {
        redis.del(keys.optOut(number));
    }
}
