package org.waymark.store;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Listens to one Redis pub/sub channel on a daemon thread, subscribing again after a lost connection, so each app
 * node hears what any node publishes (live updates cross nodes this way). Close it before the Redis client.
 */
public final class RedisSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisSubscription.class);

    private volatile JedisPubSub pubSub;
    private final Thread listener;

    private RedisSubscription(UnifiedJedis redis, String channel, String name, Consumer<String> onMessage) {
        this.pubSub = new JedisPubSub() {
            @Override
            public void onMessage(String ch, String message) {
                try {
                    onMessage.accept(message);
                } catch (RuntimeException e) {
                    log.warn("{}: could not handle a message ({})", name, e.getClass().getSimpleName());
                }
            }
        };
        this.listener = new Thread(() -> {
            while (pubSub != null) {
                try {
                    redis.subscribe(pubSub, channel);
                } catch (RuntimeException e) {
                    if (pubSub == null) {
                        return;
                    }
                    log.warn("{}: subscription lost ({}); retrying", name, e.getClass().getSimpleName());
                    pause();
                }
            }
        }, name);
        listener.setDaemon(true);
    }

    public static RedisSubscription start(UnifiedJedis redis, String channel, String name,
                                          Consumer<String> onMessage) {
        RedisSubscription s = new RedisSubscription(redis, channel, name, onMessage);
        s.listener.start();
        return s;
    }

    public boolean running() {
        return pubSub != null;
    }

    @Override
    public void close() {
        JedisPubSub s = pubSub;
        pubSub = null;
        try {
            if (s != null && s.isSubscribed()) {
                s.unsubscribe();
            }
        } catch (RuntimeException e) {
            // Redis may already be gone at shutdown; the thread is a daemon and ends with the JVM.
            log.debug("Unsubscribing after Redis went: {}", e.getClass().getSimpleName());
        }
        listener.interrupt();
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
