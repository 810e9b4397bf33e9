package org.waymark.conversation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.store.ClusterKeys;
import org.waymark.store.CompactJson;
import org.waymark.store.ReplicatedWrites;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions and transcripts in Redis. A session is one JSON value under {@code wm:session:<channel>:<address>}
 * (so a turn reads it once), the transcript a list beside it under {@code wm:transcript:<sessionId>}; both expire.
 * Every session id an address has had is kept in a set under {@code wm:sessions:<channel>:<address>}, expiring
 * with the transcripts, so an erasure finds the earlier sessions (and their transcripts and handoffs) too.
 */
@Component
class SessionStore {
    private final UnifiedJedis redis;
    private final JsonMapper json;
    /** Sessions are kept compactly (defaults left out): one per patient in a conversation, the most kept. */
    private final JsonMapper compact;
    private final ConversationSettings settings;
    private final ReplicatedWrites replicated;

    SessionStore(UnifiedJedis redis, JsonMapper json, ConversationSettings settings, ReplicatedWrites replicated) {
        this.redis = redis;
        this.json = json;
        this.compact = CompactJson.of(json);
        this.settings = settings;
        this.replicated = replicated;
    }

    static String sessionKey(Channel channel, String address) {
        return "wm:session:" + channel.code() + ":" + address;
    }

    static String transcriptKey(String sessionId) {
        return "wm:transcript:" + sessionId;
    }

    static String historyKey(Channel channel, String address) {
        return "wm:sessions:" + channel.code() + ":" + address;
    }

    Optional<Session> find(Channel channel, String address) {
        String value = redis.get(sessionKey(channel, address));
        return value == null ? Optional.empty() : Optional.of(compact.readValue(value, Session.class));
    }

    /**
     * Writes the session and appends to its transcript in one round trip, and (on a cluster or Sentinel) waits for a
     * replica to hold them, since the patient's reply is their acknowledgement.
     */
    void save(Session session, List<OutboundMessage> newTranscriptEntries) {
        long sessionSeconds = settings.sessionTtl().toSeconds();
        long transcriptSeconds = Duration.ofDays(settings.transcriptDays()).toSeconds();
        String tKey = transcriptKey(session.id());
        String history = historyKey(session.channel(), session.address());
        String sKey = sessionKey(session.channel(), session.address());
        try (AbstractPipeline p = redis.pipelined()) {
            p.setex(sKey, sessionSeconds, compact.writeValueAsString(session));
            if (!newTranscriptEntries.isEmpty()) {
                p.rpush(tKey, newTranscriptEntries.stream().map(json::writeValueAsString).toArray(String[]::new));
                p.expire(tKey, transcriptSeconds);
            }
            p.sadd(history, session.id());
            p.expire(history, transcriptSeconds);
            replicated.sync(p, sKey, tKey, history);
        }
    }

    /**
     * A link worker's reply, added to a transcript that exists: one that is gone (erased, or expired) is not made
     * again by a reply that was on its way. The address's list of sessions is kept at least as long.
     */
    void appendTranscript(Channel channel, String address, String sessionId, OutboundMessage message) {
        String tKey = transcriptKey(sessionId);
        long seconds = Duration.ofDays(settings.transcriptDays()).toSeconds();
        try (AbstractPipeline p = redis.pipelined()) {
            p.rpushx(tKey, json.writeValueAsString(message));
            p.expire(tKey, seconds);
            p.expire(historyKey(channel, address), seconds);
            replicated.sync(p, tKey);
        }
    }

    /** Every session id this address has had within the transcript retention, the current one included. */
    Set<String> sessionIds(Channel channel, String address) {
        return redis.smembers(historyKey(channel, address));
    }

    List<OutboundMessage> transcript(String sessionId) {
        return redis.lrange(transcriptKey(sessionId), 0, -1).stream()
                .map(s -> json.readValue(s, OutboundMessage.class)).toList();
    }

    /** Removes the address's session, the transcripts of all these sessions and the list of them (erasure). */
    void deleteAll(Channel channel, String address, Collection<String> sessionIds) {
        List<String> keys = new ArrayList<>(List.of(sessionKey(channel, address), historyKey(channel, address)));
        sessionIds.forEach(id -> keys.add(transcriptKey(id)));
        ClusterKeys.delete(redis, keys); // one DEL each: on a cluster they lie in several slots
    }
}
