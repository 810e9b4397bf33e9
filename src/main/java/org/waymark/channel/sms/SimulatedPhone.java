package org.waymark.channel.sms;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import redis.clients.jedis.UnifiedJedis;

/** Stands in for the patient's phone when no Twilio credentials are set: outbound SMS land in its thread. */
final class SimulatedPhone implements SmsSender {
    /** Simulated threads are for trying the bot out; they go after a day. */
    private static final long KEEP_SECONDS = 24 * 3600;

    private final UnifiedJedis redis;
    private final SmsKeys keys;
    private final Clock clock;

    SimulatedPhone(UnifiedJedis redis, SmsKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    /** One line of a phone's thread: who wrote it ("patient", "bot" for a TwiML reply, "outbox" for a sent SMS). */
    record Line(String from, String text, Instant at) {
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        append(sms.to(), "outbox", sms.body());
        return new SendResult.Sent("SMsim" + sms.id().replace("-", ""));
    }

    void append(String number, String from, String text) {
        String key = keys.simulatorThread(number);
        redis.rpush(key, from + "|" + clock.millis() + "|" + text);
        redis.expire(key, KEEP_SECONDS);
    }

    List<Line> thread(String number) {
        return redis.lrange(keys.simulatorThread(number), 0, -1).stream().map(s -> {
            String[] p = s.split("\\|", 3);
            return new Line(p[0], p[2], Instant.ofEpochMilli(Long.parseLong(p[1])));
        }).toList();
    }
}
