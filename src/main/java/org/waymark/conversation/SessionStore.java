package org.waymark.conversation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions and transcripts in Redis. A session is one JSON value under {@code wm:session:<channel>:<address>}
 * (so a turn reads it once), the transcript a list beside it under {@code wm:transcript:<sessionId>}; both expire.
 */
@Component
class SessionStore {
    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final ConversationSettings settings;

    SessionStore(UnifiedJedis redis, JsonMapper json, ConversationSettings settings) {
        this.redis = redis;
        this.json = json;
        this.settings = settings;
    }

    static String sessionKey(Channel channel, String address) {
        return "wm:session:" + channel.code() + ":" + address;
    }

    static String transcriptKey(String sessionId) {
        return "wm:transcript:" + sessionId;
    }

    Optional<Session> find(Channel channel, String address) {
        String value = redis.get(sessionKey(channel, address));
        return value == null ? Optional.empty() : Optional.of(json.readValue(value, Session.class));
    }

    /** Writes the session and appends to its transcript in one round trip. */
    void save(Session session, List<OutboundMessage> newTranscriptEntries) {
        long sessionSeconds = settings.sessionTtl().toSeconds();
        long transcriptSeconds = Duration.ofDays(settings.transcriptDays()).toSeconds();
        String tKey = transcriptKey(session.id());
        try (AbstractPipeline p = redis.pipelined()) {
            p.setex(sessionKey(session.channel(), session.address()), sessionSeconds, json.writeValueAsString(session));
            if (!newTranscriptEntries.isEmpty()) {
                p.rpush(tKey, newTranscriptEntries.stream().map(json::writeValueAsString).toArray(String[]::new));
                p.expire(tKey, transcriptSeconds);
            }
            p.sync();
        }
    }

    void appendTranscript(String sessionId, OutboundMessage message) {
        String tKey = transcriptKey(sessionId);
        try (AbstractPipeline p = redis.pipelined()) {
            p.rpush(tKey, json.writeValueAsString(message));
            p.expire(tKey, Duration.ofDays(settings.transcriptDays()).toSeconds());
            p.sync();
        }
    }

    List<OutboundMessage> transcript(String sessionId) {
        return redis.lrange(transcriptKey(sessionId), 0, -1).stream()
                .map(s -> json.readValue(s, OutboundMessage.class)).toList();
    }

    /** Removes the session and its transcript (FORGET, subject erasure). */
    void delete(Session session) {
        redis.del(sessionKey(session.channel(), session.address()), transcriptKey(session.id()));
    }
}
