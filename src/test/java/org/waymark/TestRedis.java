package org.waymark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.embedded.RedisServer;

/**
 * One Redis for the whole test JVM: the server named by {@code REDIS_URL} (CI starts a real redis-server), or else
 * one embedded Redis started on first use and stopped when the JVM exits. Every Spring test context is pointed at
 * it by {@link TestRedisContextCustomizerFactory}.
 */
public final class TestRedis {
    private static String url;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url == null) {
            String env = System.getenv("REDIS_URL");
            url = env != null && !env.isBlank() ? env.trim() : startEmbedded();
        }
        return url;
    }

    /** Deletes every key matching {@code pattern} (e.g. {@code wm:limit:*}, so a test starts with full buckets). */
    public static void deleteKeys(String pattern) {
        scan(pattern, (redis, keys) -> redis.del(keys.toArray(String[]::new)));
    }

    /** How many keys match {@code pattern}. */
    public static long countKeys(String pattern) {
        long[] n = {0};
        scan(pattern, (redis, keys) -> n[0] += keys.size());
        return n[0];
    }

    private static void scan(String pattern, BiConsumer<UnifiedJedis, List<String>> eachPage) {
        try (UnifiedJedis redis = RedisClient.create(URI.create(url()))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(1000));
                if (!page.getResult().isEmpty()) {
                    eachPage.accept(redis, page.getResult());
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }

    private static String startEmbedded() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-redis"));
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("dir " + dir.toAbsolutePath()).setting("appendonly no").setting("save \"\"")
                    .onShutdownForceStop(true).build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException ignored) {
                    // the JVM is going anyway
                }
            }));
            return "redis://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
