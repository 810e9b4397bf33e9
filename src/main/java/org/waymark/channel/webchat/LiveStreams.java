package org.waymark.channel.webchat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;

import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes messages that start elsewhere (a link worker's reply) to a patient's open widget. The widget's SSE stream
 * may be held by any node, so a message is published on Redis and every node pushes it to the streams it holds.
 */
@Component
class LiveStreams implements PatientChannel, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
    static final String TOPIC = "wm:webchat:live";

    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final Map<String, List<SseEmitter>> streams = new ConcurrentHashMap<>();
    private volatile JedisPubSub subscription;
    private volatile Thread listener;

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
        subscription = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                try {
                    push(message);
                } catch (RuntimeException e) {
                    log.warn("Could not push a live web chat message: {}", e.getClass().getSimpleName());
                }
            }
        };
        listener = new Thread(() -> {
            while (subscription != null) {
                try {
                    redis.subscribe(subscription, TOPIC);
                } catch (RuntimeException e) {
                    if (subscription == null) {
                        return;
                    }
                    log.warn("Live web chat subscription lost ({}); retrying", e.getClass().getSimpleName());
                    sleepQuietly();
                }
            }
        }, "webchat-live");
        listener.setDaemon(true);
        listener.start();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        JedisPubSub s = subscription;
        subscription = null;
        // Close the widgets' streams first, so shutdown never waits on them whatever Redis does.
        streams.values().forEach(list -> list.forEach(SseEmitter::complete));
        streams.clear();
        try {
            if (s != null && s.isSubscribed()) {
                s.unsubscribe();
            }
        } catch (RuntimeException e) {
            // Redis may already be gone at shutdown; the listener thread is a daemon and ends with the JVM.
            log.debug("Live web chat subscription ended: {}", e.getClass().getSimpleName());
        }
        if (listener != null) {
            listener.interrupt();
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
