package org.waymark.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.RedisServer;

/**
 * A real Redis server from the embedded-redis jar, on a free loopback port, with append-only persistence under
 * the data directory, so that {@code mvn spring-boot:run} needs nothing installed beyond a JDK.
 *
 * <p>It stops when the app context closes it, after the web server has drained and every bean that uses Redis
 * has stopped: the jar only supplies the binary and its command line. (Started by the jar's own {@code RedisServer},
 * a JVM shutdown hook of its own stopped Redis at once on SIGTERM, in parallel with Spring's, so requests still
 * draining and the background workers met a Redis that was gone.) A hook of ours stops it only if the context has
 * not done so within {@link #EXIT_WAIT}, so the server never outlives the JVM.
 */
final class EmbeddedRedis implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Longer than Spring's graceful shutdown phase (30 s by default). */
    static final Duration EXIT_WAIT = Duration.ofSeconds(45);
    /** Redis writes its append-only file and exits on SIGTERM; past this it is killed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread exitHook;

    private EmbeddedRedis(Process process, int port) {
        this.process = process;
        this.port = port;
        this.exitHook = new Thread(() -> {
            try {
                if (!stopped.await(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    stop();
                }
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
            }
        }, "embedded-redis-exit");
    }

    static EmbeddedRedis start(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the data folder " + dir + " for the embedded Redis "
                    + "(WAYMARK_DATA_DIR must be writable)", e);
        }
        try {
            int port = freeLoopbackPort();
            List<String> command = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dir)
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("save 300 1")
                    .setting("protected-mode yes")
                    .buildCommandArgs();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .directory(Path.of(command.get(0)).getParent().toFile()).start();
            EmbeddedRedis redis = new EmbeddedRedis(process, port);
            redis.awaitReady(process);
            Runtime.getRuntime().addShutdownHook(redis.exitHook);
            log.info("Started embedded Redis on 127.0.0.1:{} with data in {}", port, dir);
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis under " + dir, e);
        }
    }

    /** Reads Redis's own log for as long as it runs (a full pipe would block it); returns once it accepts. */
    private void awaitReady(Process p) throws IOException {
        CountDownLatch ready = new CountDownLatch(1);
        Deque<String> last = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (ready.getCount() > 0) {
                        synchronized (last) {
                            last.addLast(line);
                            if (last.size() > 20) {
                                last.removeFirst();
                            }
                        }
                        if (line.contains("Ready to accept connections")) {
                            ready.countDown();
                        }
                    }
                    // '#' marks Redis's warnings (a failed write to disk, say)
                    if (line.contains(" # ") && ready.getCount() == 0) {
                        log.info("redis: {}", line);
                    } else {
                        log.debug("redis: {}", line);
                    }
                }
            } catch (IOException e) {
                log.debug("embedded Redis's output closed: {}", e.toString());
            }
        }, "embedded-redis-" + port);
        reader.setDaemon(true);
        reader.start();
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (!ready.await(100, TimeUnit.MILLISECONDS)) {
                if (!p.isAlive() || System.nanoTime() > until) {
                    p.destroyForcibly();
                    String said;
                    synchronized (last) {
                        said = String.join("\n", last);
                    }
                    throw new IOException("Redis did not start" + (p.isAlive() ? " within " + START_TIMEOUT : "")
                            + ": " + said);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Redis started", e);
        }
    }

    int port() {
        return port;
    }

    /** The server's process id. */
    long pid() {
        return process.pid();
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it returns as soon as this stop is done
        }
        stop();
    }

    private synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Embedded Redis on port {} did not stop within {}: killed", port, STOP_TIMEOUT);
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            log.info("Stopped embedded Redis on port {}", port);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
