package org.waymark.channel.sms;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.waymark.messaging.DeliveryUpdate;

import redis.clients.jedis.UnifiedJedis;

/** The status of every outbound SMS, kept in Redis; the read side is public for the link worker dashboard. */
public final class SmsDeliveries {
    private static final Logger log = LoggerFactory.getLogger(SmsDeliveries.class);
    /** Outbound records are kept a month: long enough to look into a complaint, short enough to hold little. */
    static final long KEEP_SECONDS = 30L * 24 * 3600;

    private final UnifiedJedis redis;
    private final SmsKeys keys;
    private final Clock clock;
    private final Consumer<DeliveryUpdate> updates;
    private final SmsMetrics metrics;

    SmsDeliveries(UnifiedJedis redis, SmsKeys keys, Clock clock) {
        this(redis, keys, clock, u -> { }, SmsMetrics.none());
    }

    /** {@code updates} hears every change of a message that carries the id of the message it is part of. */
    SmsDeliveries(UnifiedJedis redis, SmsKeys keys, Clock clock, Consumer<DeliveryUpdate> updates,
                  SmsMetrics metrics) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.updates = updates;
        this.metrics = metrics;
    }

    /** Messages that did not reach the patient (failed, undelivered, or blocked by an opt-out), newest first. */
    public List<SmsDelivery> failed() {
        return failed(100);
    }

    public List<SmsDelivery> failed(int limit) {
        return redis.zrevrange(keys.failed(), 0, limit - 1L).stream()
                .map(this::byId).flatMap(Optional::stream).toList();
    }

    public Optional<SmsDelivery> byId(String id) {
        Map<String, String> h = redis.hgetAll(keys.message(id));
        if (h.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SmsDelivery(id, PhoneNumbers.masked(h.get("to")), h.get("practice"),
                DeliveryStatus.ofCode(h.get("status")), Integer.parseInt(h.getOrDefault("attempts", "0")),
                h.get("twilioSid"), h.get("error"),
                h.containsKey("updatedAt") ? Instant.parse(h.get("updatedAt")) : null));
    }

    /** SMS segments the bot's webhook answers in one conversation took (for cost figures). */
    public long segmentsFor(String sessionId) {
        String n = redis.get(keys.segments(sessionId));
        return n == null ? 0 : Long.parseLong(n);
    }

    Optional<String> idForTwilioSid(String twilioSid) {
        return Optional.ofNullable(redis.get(keys.twilioSid(twilioSid)));
    }

    Map<String, String> raw(String id) {
        return redis.hgetAll(keys.message(id));
    }

    void create(String id, String to, String from, String practice, String body) {
        create(id, to, from, practice, body, null);
    }

    /** {@code messageId}: the message (a link worker's reply) this text is part of, or null. */
    void create(String id, String to, String from, String practice, String body, String messageId) {
        Map<String, String> h = new HashMap<>();
        if (messageId != null) {
            h.put("message", messageId);
        }
        h.put("to", to);
        if (from != null) {
            h.put("from", from);
        }
        h.put("practice", practice == null ? "" : practice);
        h.put("body", body);
        h.put("status", DeliveryStatus.QUEUED.code());
        h.put("attempts", "0");
        h.put("createdAt", clock.instant().toString());
        h.put("updatedAt", clock.instant().toString());
        redis.hset(keys.message(id), h);
        redis.expire(keys.message(id), KEEP_SECONDS);
    }

    int attempted(String id) {
        long n = redis.hincrBy(keys.message(id), "attempts", 1);
        set(id, DeliveryStatus.SENDING, null);
        return (int) n;
    }

    void accepted(String id, String twilioSid) {
        redis.hset(keys.message(id), "twilioSid", twilioSid);
        redis.set(keys.twilioSid(twilioSid), id);
        redis.expire(keys.twilioSid(twilioSid), KEEP_SECONDS);
        advance(id, DeliveryStatus.SENT, null);
        metrics.accepted(redis.hget(keys.message(id), "body"));
    }

    void retrying(String id, String reason) {
        set(id, DeliveryStatus.QUEUED, reason);
    }

    /** Moves a message forward; a late "sent" after "delivered" changes nothing. */
    void advance(String id, DeliveryStatus status, String error) {
        DeliveryStatus now = DeliveryStatus.ofCode(redis.hget(keys.message(id), "status"));
        if (status.laterThan(now) || status == now && error != null) {
            set(id, status, error);
            if (status.laterThan(now) && status.missed()) {
                metrics.missed(status);
            }
        }
    }

    private void set(String id, DeliveryStatus status, String error) {
        Map<String, String> h = new HashMap<>();
        h.put("status", status.code());
        h.put("updatedAt", clock.instant().toString());
        if (error != null) {
            h.put("error", error);
        }
        redis.hset(keys.message(id), h);
        String messageId = redis.hget(keys.message(id), "message");
        if (messageId != null) {
            updates.accept(new DeliveryUpdate(messageId, status.code(), error));
        }
        if (status.missed()) {
            redis.zadd(keys.failed(), clock.millis(), id);
            log.warn("SMS {} to {} {}: {}", id, PhoneNumbers.masked(redis.hget(keys.message(id), "to")),
                    status.code(), error);
        }
    }

    /** Applies a Twilio status callback; unknown SIDs (sent by another system on the account) are ignored. */
    boolean callback(String twilioSid, String twilioStatus, String errorCode) {
        DeliveryStatus status = DeliveryStatus.fromTwilio(twilioStatus);
        Optional<String> id = idForTwilioSid(twilioSid);
        if (id.isEmpty() || status == null) {
            return false;
        }
        advance(id.get(), status, errorCode == null || errorCode.isBlank() ? null : "Twilio error " + errorCode);
        return true;
    }
}
