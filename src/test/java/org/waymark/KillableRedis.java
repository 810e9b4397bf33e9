package org.waymark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/**
 * A Redis of one test's own, never the JVM's shared {@link TestRedis}, that the test can kill like a crash and start
 * again on the same port with its data (append-only file, every write synced), as Redis does after a restart.
 */
final class KillableRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    KillableRedis(Path dir) {
        try {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("dir " + dir.toAbsolutePath()).setting("appendonly yes")
                    .setting("appendfsync always").setting("save \"\"")
                    .onShutdownForceStop(true).build();
            start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server (as a crash would) and returns once its port refuses connections. */
    void kill() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("Redis to stop", () -> !listening());
    }

    /** Starts it again on the same port and returns once it answers. */
    void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("Redis to answer", () -> {
            try (UnifiedJedis redis = RedisClient.create(URI.create(url()))) {
                return "PONG".equals(redis.ping());
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private void await(String what, java.util.function.BooleanSupplier done) {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("Waited 10 s for " + what + " on port " + port);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            // the JVM is going anyway
        }
    }
}
