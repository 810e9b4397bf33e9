package org.waymark.handoff;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import org.waymark.store.RedisSubscription;

import redis.clients.jedis.UnifiedJedis;

/**
 * Live updates for open dashboards. A change may happen on any node, so {@link Handoffs} publishes it on Redis
 * and every node pushes it to the dashboard streams it holds.
 */
@Component
class DashboardStreams implements SmartLifecycle {
    static final long TIMEOUT_MILLIS = 30 * 60_000L;

    private final UnifiedJedis redis;
    private final List<SseEmitter> streams = new CopyOnWriteArrayList<>();
    private volatile RedisSubscription subscription;
    private ScheduledExecutorService heartbeat;

    DashboardStreams(UnifiedJedis redis) {
        this.redis = redis;
    }

    SseEmitter open() {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        streams.add(emitter);
        Runnable remove = () -> streams.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().comment("connected").reconnectTime(3000));
        } catch (IOException e) {
            remove.run();
        }
        return emitter;
    }

    int openStreams() {
        return streams.size();
    }

    private void push(String changeJson) {
        for (SseEmitter emitter : streams) {
            try {
                emitter.send(SseEmitter.event().name("change").data(changeJson, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                streams.remove(emitter);
            }
        }
    }

    /** A comment now and then keeps proxies from closing an idle stream and finds dashboards that have gone. */
    private void beat() {
        for (SseEmitter emitter : streams) {
            try {
                emitter.send(SseEmitter.event().comment("still here"));
            } catch (IOException | IllegalStateException e) {
                streams.remove(emitter);
            }
        }
    }

    @Override
    public void start() {
        subscription = RedisSubscription.start(redis, Handoffs.LIVE, "dashboard-live", this::push);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, 25, 25, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        RedisSubscription s = subscription;
        subscription = null;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        // Open streams first: a graceful shutdown would otherwise wait for them until it times out.
        streams.forEach(SseEmitter::complete);
        streams.clear();
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
