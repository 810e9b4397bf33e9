package org.waymark.channel.sms;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.UnifiedJedis;

/**
 * Outbound SMS that are not the answer to a webhook, kept in Redis until the sender has them: a sorted set of
 * message ids by when each is next due. A claim pushes the due time out by a lease, so a node that dies mid-send
 * leaves the message to be tried again (at least once; Twilio has no idempotency key for messages).
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final String CLAIM = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
            for _, id in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
            return due
            """;

    private final UnifiedJedis redis;
    private final SmsKeys keys;
    private final SmsSender sender;
    private final OptOuts optOuts;
    private final SmsDeliveries deliveries;
    private final SmsSettings settings;
    private final Clock clock;
    private final Duration lease;

    Outbox(UnifiedJedis redis, SmsKeys keys, SmsSender sender, OptOuts optOuts, SmsDeliveries deliveries,
           SmsSettings settings, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.sender = sender;
        this.optOuts = optOuts;
        this.deliveries = deliveries;
        this.settings = settings;
        this.clock = clock;
        this.lease = settings.requestTimeout().multipliedBy(3).plusSeconds(30);
    }

    /** Stores the message and queues it for sending now; returns its id. */
    String enqueue(String to, String from, String practice, String body) {
        return enqueue(to, from, practice, body, null);
    }

    /** {@code messageId}: the message this text is part of, whose sender hears how it goes; or null. */
    String enqueue(String to, String from, String practice, String body, String messageId) {
        String id = UUID.randomUUID().toString();
        deliveries.create(id, to, from, practice, body, messageId);
        redis.zadd(keys.outbox(), clock.millis(), id);
        return id;
    }

    /** Sends what is due; returns how many were handled. The worker calls this; tests call it directly. */
    int drainOnce() {
        long now = clock.millis();
        Object claimed = redis.eval(CLAIM, List.of(keys.outbox()),
                List.of(Long.toString(now), Long.toString(now + lease.toMillis()), "20"));
        List<?> ids = claimed instanceof List<?> l ? l : List.of();
        for (Object raw : ids) {
            String id = raw instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    : String.valueOf(raw);
            try {
                sendOne(id);
            } catch (RuntimeException e) {
                // Redis trouble mid-way: the lease brings the message back later
                log.warn("SMS {} not sent this round: {}", id, e.toString());
            }
        }
        return ids.size();
    }

    /** Milliseconds until the next message is due, or -1 for an empty outbox. */
    long nextDueInMillis() {
        List<redis.clients.jedis.resps.Tuple> first = redis.zrangeWithScores(keys.outbox(), 0, 0);
        return first.isEmpty() ? -1 : Math.max(0, (long) first.get(0).getScore() - clock.millis());
    }

    private void sendOne(String id) {
        Map<String, String> m = deliveries.raw(id);
        DeliveryStatus status = m.isEmpty() ? null : DeliveryStatus.ofCode(m.get("status"));
        if (status == null || status != DeliveryStatus.QUEUED && status != DeliveryStatus.SENDING) {
            redis.zrem(keys.outbox(), id);
            return;
        }
        String to = m.get("to");
        if (optOuts.optedOut(to)) {
            deliveries.advance(id, DeliveryStatus.OPTED_OUT, "The number has opted out (STOP)");
            redis.zrem(keys.outbox(), id);
            return;
        }
        int attempt = deliveries.attempted(id);
        SmsSender.SendResult result = sender.send(new SmsSender.OutgoingSms(id, to, m.get("from"), m.get("body")));
        if (result instanceof SmsSender.SendResult.Sent sent) {
            deliveries.accepted(id, sent.sid());
            redis.zrem(keys.outbox(), id);
            log.info("SMS {} to {} accepted by the sender as {}", id, PhoneNumbers.masked(to), sent.sid());
        } else if (result instanceof SmsSender.SendResult.Failed failed) {
            deliveries.advance(id, DeliveryStatus.FAILED, failed.reason());
            redis.zrem(keys.outbox(), id);
        } else if (result instanceof SmsSender.SendResult.Retry retry) {
            if (attempt >= settings.maxAttempts()) {
                deliveries.advance(id, DeliveryStatus.FAILED,
                        "Gave up after " + attempt + " attempts: " + retry.reason());
                redis.zrem(keys.outbox(), id);
            } else {
                Duration wait = backoff(attempt, retry.after());
                deliveries.retrying(id, retry.reason());
                redis.zadd(keys.outbox(), clock.millis() + wait.toMillis(), id);
                log.info("SMS {} to {} attempt {} failed ({}); next in {} ms", id, PhoneNumbers.masked(to),
                        attempt, retry.reason(), wait.toMillis());
            }
        }
    }

    /** Exponential with equal jitter, capped; never sooner than Twilio's Retry-After. */
    Duration backoff(int attempt, Duration retryAfter) {
        long cap = settings.retryMax().toMillis();
        long exp = Math.min(cap, settings.retryBase().toMillis() << Math.min(attempt - 1, 30));
        long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        long wait = retryAfter == null ? jittered : Math.max(retryAfter.toMillis(), jittered);
        return Duration.ofMillis(wait);
    }
}
