package org.waymark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Real {@code redis-server} processes on loopback, started by the tests themselves: a Redis Cluster of three
 * primaries with a replica each, or a Sentinel set (one primary, one replica, three sentinels). One of each per JVM
 * at most; they stop when the JVM does.
 */
public final class RedisProcesses implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);

    private final Path dir;
    private final Map<Integer, Process> servers = new LinkedHashMap<>();
    private final java.util.Set<Integer> sentinels = new java.util.LinkedHashSet<>();

    private RedisProcesses(String name) {
        try {
            dir = Files.createTempDirectory("waymark-" + name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Three primaries, three replicas, every slot served; node time-out 2 s, so a failover takes seconds. */
    public static RedisProcesses cluster() {
        RedisProcesses r = new RedisProcesses("cluster");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int port = freePort();
            ports.add(port);
            r.server(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                    "--cluster-node-timeout", "2000", "--cluster-replica-validity-factor", "0");
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        r.run(create);
        r.await(() -> ports.stream().allMatch(p -> clusterOk(p)), "the cluster to be ok");
        return r;
    }

    /** One primary, one replica of it, three sentinels watching it as {@code master}; quorum 2. */
    public static RedisProcesses sentinel(String master) {
        RedisProcesses r = new RedisProcesses("sentinel");
        int primary = freePort();
        int replica = freePort();
        r.server(primary);
        r.server(replica, "--replicaof", "127.0.0.1", Integer.toString(primary));
        r.await(() -> info(replica, "replication").contains("master_link_status:up"), "the replica to sync");
        for (int i = 0; i < 3; i++) {
            int port = freePort();
            Path conf = r.dir.resolve("sentinel-" + port + ".conf");
            try {
                Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + r.dir,
                        "sentinel monitor " + master + " 127.0.0.1 " + primary + " 2",
                        "sentinel down-after-milliseconds " + master + " 1000",
                        "sentinel failover-timeout " + master + " 5000",
                        "sentinel parallel-syncs " + master + " 1", ""));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            r.sentinels.add(port);
            r.start(port, List.of("redis-server", conf.toString(), "--sentinel"));
        }
        r.await(() -> r.sentinelPorts().stream().allMatch(s -> sentinelSees(s, master)),
                "the sentinels to see the replica and each other");
        return r;
    }

    /** The data nodes' ports (the cluster's six, or Sentinel's primary and replica). */
    public List<Integer> dataPorts() {
        return servers.keySet().stream().filter(p -> !isSentinel(p)).toList();
    }

    /** The live data nodes that are replicas now. */
    public List<Integer> replicas() {
        return dataPorts().stream().filter(p -> servers.get(p).isAlive())
                .filter(p -> info(p, "replication").contains("role:slave")).toList();
    }

    public List<Integer> sentinelPorts() {
        return servers.keySet().stream().filter(this::isSentinel).toList();
    }

    /** {@code host:port,host:port,...} of the given ports. */
    public static String list(List<Integer> ports) {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The port of the data node that is a primary and serves {@code slot} (any primary for Sentinel: the one). */
    public int primaryOf(int slot) {
        for (int port : dataPorts()) {
            if (!servers.get(port).isAlive()) {
                continue;
            }
            try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
                String role = j.info("replication");
                if (!role.contains("role:master")) {
                    continue;
                }
                if (sentinelPorts().isEmpty()) {
                    for (String line : j.clusterNodes().split("\n")) {
                        if (line.contains("myself") && servesSlot(line, slot)) {
                            return port;
                        }
                    }
                } else {
                    return port;
                }
            }
        }
        throw new IllegalStateException("no live primary serves slot " + slot);
    }

    /** Kills the process on {@code port} at once (SIGKILL): a crash, not a shutdown. */
    public void kill(int port) {
        servers.get(port).destroyForcibly();
        try {
            servers.get(port).waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the process on {@code port} where it stands (SIGSTOP), as a replica stuck behind a full disk or a long
     * pause would be: it keeps its connections but reads nothing until {@link #resume(int)}.
     */
    public void pause(int port) {
        signal(port, "-STOP");
    }

    public void resume(int port) {
        signal(port, "-CONT");
    }

    private void signal(int port, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(servers.get(port).pid())).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " failed for the server on " + port);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the cluster to be ok again on every live node, after a kill. */
    public void awaitClusterOk() {
        await(() -> dataPorts().stream().filter(p -> servers.get(p).isAlive()).allMatch(RedisProcesses::clusterOk),
                "the cluster to be ok again");
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(Process::destroyForcibly);
    }

    private boolean isSentinel(int port) {
        return sentinels.contains(port);
    }

    private static boolean servesSlot(String nodeLine, int slot) {
        String[] f = nodeLine.split(" ");
        for (int i = 8; i < f.length; i++) {
            String[] range = f[i].split("-");
            if (range[0].startsWith("[")) {
                continue;
            }
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    private void server(int port, String... extra) {
        Path data = dir.resolve(Integer.toString(port));
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--dir", data.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--loglevel", "warning"));
        cmd.addAll(List.of(extra));
        start(port, cmd);
        await(() -> ping(port), "redis-server on " + port);
    }

    private synchronized void start(int port, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log-" + port + ".txt").toFile()).start();
            servers.put(port, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd.get(0) + ": is Redis installed?", e);
        }
    }

    private void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("cluster-create.txt").toFile()).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: "
                        + Files.readString(dir.resolve("cluster-create.txt")));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void await(java.util.function.BooleanSupplier ready, String what) {
        long until = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < until) {
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Waited " + READY.toSeconds() + " s for " + what + " (logs in " + dir + ")");
    }

    private static boolean ping(int port) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
            return "PONG".equals(j.ping());
        }
    }

    private static String info(int port, String section) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
            return j.info(section);
        }
    }

    private static boolean clusterOk(int port) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
            return j.clusterInfo().contains("cluster_state:ok");
        }
    }

    private static boolean sentinelSees(int port, String master) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
            Map<String, String> m = j.sentinelMaster(master);
            return "1".equals(m.get("num-slaves")) && "2".equals(m.get("num-other-sentinels"));
        }
    }

    /** Ports handed out in this JVM: a server started on one may not have bound it yet when the next is chosen. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A loopback port free now, with port + 10000 (the cluster bus) free too, below the ephemeral range, and never
     * one handed out before (on 8 December two of a Sentinel set's three sentinels drew the same port, the second
     * could not bind it, and the set never formed).
     */
    private static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 30_000);
            if (!HANDED_OUT.contains(port) && !HANDED_OUT.contains(port + 10_000) && !HANDED_OUT.contains(port - 10_000)
                    && free(port) && free(port + 10_000) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port pair for Redis");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
