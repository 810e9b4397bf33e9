package org.waymark.channel.webchat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;
import org.waymark.store.RedisSubscription;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes messages that start elsewhere (a link worker's reply) to a patient's open widget. The widget's SSE stream
 * may be held by any node, so a message is published on Redis and every node pushes it to the streams it holds.
 */
@Component
class LiveStreams implements PatientChannel, SmartLifecycle {
    static final String TOPIC = "wm:webchat:live";

    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final Map<String, List<SseEmitter>> streams = new ConcurrentHashMap<>();
    private volatile RedisSubscription subscription;

    LiveStreams(UnifiedJedis redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    record Envelope(String sessionId, OutboundMessage message) {
    }

    @Override
    public Channel channel() {
        return Channel.WEBCHAT;
    }

    /** The transcript already holds the message; this only makes it appear live. */
    @Override
    public void deliver(String sessionId, String practice, OutboundMessage message) {
        redis.publish(TOPIC, json.writeValueAsString(new Envelope(sessionId, message)));
    }

    SseEmitter open(String sessionId) {
        SseEmitter emitter = new SseEmitter(30 * 60_000L);
        List<SseEmitter> list = streams.computeIfAbsent(sessionId, k -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> {
            list.remove(emitter);
            streams.computeIfPresent(sessionId, (k, v) -> v.isEmpty() ? null : v);
        };
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            remove.run();
        }
        return emitter;
    }

    int openStreams() {
        return streams.values().stream().mapToInt(List::size).sum();
    }

    private void push(String payload) {
        Envelope e = json.readValue(payload, Envelope.class);
        List<SseEmitter> list = streams.get(e.sessionId());
        if (list == null) {
            return;
        }
        for (SseEmitter emitter : list) {
            try {
                emitter.send(SseEmitter.event().name("message").id(e.message().id())
                        .data(json.writeValueAsString(e.message()), org.springframework.http.MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException ex) {
                list.remove(emitter);
            }
        }
    }

    @Override
    public void start() {
        subscription = RedisSubscription.start(redis, TOPIC, "webchat-live", this::push);
    }

    @Override
    public void stop() {
        // Close the widgets' streams first, so shutdown never waits on them whatever Redis does.
        streams.values().forEach(list -> list.forEach(SseEmitter::complete));
        streams.clear();
        RedisSubscription s = subscription;
        subscription = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    /** Stop before the Redis client closes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
