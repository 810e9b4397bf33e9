package org.waymark.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.waymark.channel.sms.SmsSegments;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bounded load run on loopback: starts the packaged app ({@code target/waymark.jar}) once with its embedded Redis
 * to time start-up, then again on a Redis of its own, and drives it with N simulated patients holding whole
 * conversations over web chat and over signed SMS webhooks, and the same load against {@code GET /bare}. Prints
 * throughput, p50/p95/p99 turn latency, the ratio to the bare endpoint, Redis memory per idle session and the SMS
 * segments a whole self-referral costs. Everything it starts it stops, and a watchdog ends the run at
 * {@code --max-seconds}.
 *
 * <pre>
 * mvn -B -Pbench -DskipTests package &amp;&amp; mvn -B -DskipTests package
 * java -cp target/benchmarks.jar org.waymark.load.LoadRun --sessions=500 --seconds=20
 * </pre>
 * Options: {@code --jar} (target/waymark.jar), {@code --java} (this JVM's java; another JDK for the app),
 * {@code --virtual=true} (app on virtual threads), {@code --sessions} (500), {@code --think-ms} (1000, a patient's
 * pause between texts in the paced phases), {@code --seconds} (20 per phase), {@code --idle-sessions} (1000, for
 * the memory figure), {@code --max-seconds} (900), {@code --startup-runs} (2 of each launch), {@code --startup=false}
 * and {@code --memory=false} (skip those parts), {@code --phases} (comma-separated, of {@code paced-web,
 * paced-sms, paced-bare, flat-web, flat-sms, flat-bare}; all by default), {@code --jvm-args} (for the app),
 * {@code --warmup-seconds} (10, of web chat before anything is measured; half as long for SMS and bare),
 * {@code --paced-warmup-seconds} (40 of each paced phase's own pace before it is measured; 0: none),
 * {@code --redis=cluster} (instead of one embedded Redis, six {@code redis-server} processes made one cluster of three
 * primaries with a replica each, given to the app as {@code REDIS_CLUSTER_NODES}; no memory figure then;
 * {@code --redis-server} and {@code --redis-cli} name the binaries), {@code --nodes} (1: app processes on the same
 * Redis, each with its own data folder and port; patient {@code i} holds every conversation on node
 * {@code i % nodes}, and each node's latencies and CPU per turn are printed beside the whole run's).
 */
public final class LoadRun {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SMS_TOKEN = "load-run-sms-token";
    private static final String PUBLIC_URL = "http://127.0.0.1:9";
    private static final String PRACTICE_NUMBER = "+447700900123";
    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);

    /** One self-referral over web chat, after the session's welcome: story, confirm, postcode, skip, choose, end. */
    static final List<String> WEB_SCRIPT = List.of(
            "since my wife died I hardly see anyone and I'd like to meet people", "yes", "E1 6AN", "skip", "1",
            "no thanks");
    /** The SMS self-referral of src/test/resources/sms/self-referral.yaml, from "hi" to a chosen activity. */
    static final List<String> SMS_SCRIPT = List.of("hi", "yes", "not sure", "1", "yes", "E1 6AN", "skip", "1",
            "no thanks");
    /** The text of {@link #SMS_SCRIPT} that chooses an activity ("1" from the list of three). */
    static final int SMS_CHOICE = 7;
    /** The same referral in Bengali (issue 17): the first text brings the offer of Bengali, and a yes takes it. */
    static final List<String> SMS_SCRIPT_BN = List.of("আসসালামু আলাইকুম", "হ্যাঁ", "হ্যাঁ", "জানি না", "1", "হ্যাঁ",
            "E1 6AN", "SKIP", "1", "না");
    static final int SMS_CHOICE_BN = 8;

    private final Map<String, String> options;
    private final HttpClient http;
    private final List<Process> processes = new ArrayList<>();
    private final Latencies latencies = new Latencies();
    /** The app processes under load, one per {@code --nodes}, and their base URLs (same order). */
    private final List<Process> apps = new ArrayList<>();
    private final List<String> bases = new ArrayList<>();
    /** Each node's latencies in the phase running now (patient {@code i} stays on node {@code i % nodes}). */
    private final List<Latencies> nodeLatencies = new ArrayList<>();
    /** The cluster's redis-server processes with {@code --redis=cluster}, by port; empty otherwise. */
    private final Map<Integer, Process> clusterServers = new LinkedHashMap<>();
    private RedisServer redisServer;
    private UnifiedJedis loadRedis;

    private LoadRun(Map<String, String> options) {
        this.options = options;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        LoadRun run = new LoadRun(options);
        Runtime.getRuntime().addShutdownHook(new Thread(run::stopAll));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(run.intOption("max-seconds", 900) * 1000L);
                System.err.println("Load run went over --max-seconds: stopping");
                Runtime.getRuntime().halt(run.stopAllQuietly());
            } catch (InterruptedException e) {
                // the run finished in time
            }
        }, "load-run-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            run.run();
        } finally {
            run.stopAll();
            watchdog.interrupt();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Path jar = Path.of(options.getOrDefault("jar", "target/waymark.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: run mvn -B -DskipTests package first");
        }
        int sessions = intOption("sessions", 500);
        int seconds = intOption("seconds", 20);
        int think = intOption("think-ms", 1000);
        System.out.printf(Locale.ROOT, "Waymark load run %s: %d cores, load average %s, app java %s, virtual "
                        + "threads %s%n", Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage(),
                javaBinary(), options.getOrDefault("virtual", "false"));

        // 1. start-up to healthy with the embedded Redis and an empty data directory: the plain jar, then the jar
        //    extracted with a class data sharing (CDS) archive, as docs/performance.md recommends for production
        Path data = Files.createTempDirectory("waymark-load-data");
        int port;
        if (!"false".equals(options.get("startup"))) {
            int runs = intOption("startup-runs", 2);
            for (int i = 0; i < runs; i++) {
                startup("java -jar " + jar, jar, List.of());
            }
            Path cds = prepareCds(jar);
            for (int i = 0; i < runs; i++) {
                startup("extracted jar with a CDS archive", cds.resolve(jar.getFileName()),
                        List.of("-XX:SharedArchiveFile=" + cds.resolve("waymark.jsa")));
            }
        }

        // 2. the load runs against a Redis this run owns, so it can read its memory (one server), or against a
        //    Redis Cluster of three primaries and three replicas it starts (--redis=cluster)
        boolean cluster = "cluster".equals(options.getOrDefault("redis", "single"));
        int nodes = intOption("nodes", 1);
        Map<String, String> redisEnv;
        String redisUrl = null;
        if (cluster) {
            redisEnv = Map.of("REDIS_CLUSTER_NODES", startCluster());
        } else {
            int redisPort = freePort();
            Path redisDir = Files.createTempDirectory("waymark-load-redis");
            redisServer = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("dir " + redisDir)
                    .setting("appendonly no").setting("save \"\"").build();
            redisServer.start();
            redisUrl = "redis://127.0.0.1:" + redisPort;
            loadRedis = RedisClient.create(URI.create(redisUrl));
            redisEnv = Map.of("REDIS_URL", redisUrl);
        }
        // every node its own data folder and port, all on the same Redis
        for (int i = 0; i < nodes; i++) {
            port = freePort();
            Map<String, String> env = new LinkedHashMap<>(redisEnv);
            env.put("WAYMARK_DATA_DIR", (i == 0 ? data : Files.createTempDirectory("waymark-load-data")).toString());
            Process app = startApp(jar, port, env, nodes == 1 ? "load" : "load-node" + (i + 1));
            apps.add(app);
            bases.add("http://127.0.0.1:" + port);
            nodeLatencies.add(new Latencies());
        }
        for (int i = 0; i < nodes; i++) {
            waitHealthy(Integer.parseInt(bases.get(i).substring(bases.get(i).lastIndexOf(':') + 1)), apps.get(i));
        }
        String base = bases.get(0);
        System.out.printf(Locale.ROOT, "Redis: %s; %d app node(s), patient i on node i %% %d for all its turns%n",
                cluster ? "a cluster of 3 primaries + 3 replicas, redis-server processes on ports " + clusterServers.keySet()
                        : "one embedded server", nodes, nodes);

        // 3. Redis memory per idle session, first, so every transcript in this Redis is one of these sessions
        //    (one server only: the figures read one server's INFO and KEYS)
        if (!"false".equals(options.get("memory")) && !cluster) {
            memoryPerIdleSession(base, redisUrl, intOption("idle-sessions", 1000));
        }

        Set<String> phases = new HashSet<>(Arrays.asList(options.getOrDefault("phases",
                "paced-web,paced-sms,paced-bare,flat-web,flat-sms,flat-bare").split(",")));

        // warm the JIT on every path a phase will measure before anything is measured (web chat longest)
        int warm = intOption("warmup-seconds", 10);
        for (Kind kind : Kind.values()) {
            String path = kind.name().toLowerCase(Locale.ROOT);
            if (phases.contains("paced-" + path) || phases.contains("flat-" + path)) {
                phase("warm-up", Math.min(sessions, 50), kind == Kind.WEB ? warm : Math.max(1, warm / 2), 0,
                        kind, true);
            }
        }
        System.out.printf(Locale.ROOT, "%nPaced: %d concurrent patients, %d ms between a reply and the next "
                + "text, %d s per phase%n", sessions, think, seconds);
        int pacedWarm = intOption("paced-warmup-seconds", 40);
        Result webPaced = phases.contains("paced-web")
                ? paced("web chat turns", sessions, seconds, think, Kind.WEB, pacedWarm) : null;
        Result smsPaced = phases.contains("paced-sms")
                ? paced("SMS webhook turns", sessions, seconds, think, Kind.SMS, pacedWarm) : null;
        Result barePaced = phases.contains("paced-bare")
                ? paced("bare GET /bare", sessions, seconds, think, Kind.BARE, pacedWarm) : null;
        System.out.printf(Locale.ROOT, "%nFlat out: %d concurrent clients, no pause, %d s per phase%n", sessions,
                seconds);
        Result webFlat = phases.contains("flat-web")
                ? phase("web chat turns", sessions, seconds, 0, Kind.WEB, false) : null;
        Result smsFlat = phases.contains("flat-sms")
                ? phase("SMS webhook turns", sessions, seconds, 0, Kind.SMS, false) : null;
        Result bareFlat = phases.contains("flat-bare")
                ? phase("bare GET /bare", sessions, seconds, 0, Kind.BARE, false) : null;

        System.out.printf(Locale.ROOT, "%nSummary (load average %s)%n", loadAverage());
        if (webPaced != null) {
            System.out.printf(Locale.ROOT, "  web chat p99 at %d paced sessions: %.1f ms (target <= 20 ms)%n",
                    sessions, webPaced.p(0.99));
        }
        if (smsPaced != null) {
            System.out.printf(Locale.ROOT, "  SMS webhook p99 at %d paced sessions: %.1f ms%n", sessions,
                    smsPaced.p(0.99));
        }
        if (barePaced != null) {
            System.out.printf(Locale.ROOT, "  bare p99 at %d paced clients: %.1f ms%n", sessions,
                    barePaced.p(0.99));
        }
        if (webPaced != null && barePaced != null) {
            System.out.printf(Locale.ROOT, "  paced throughput (the same %d patients, each waiting %d ms): web chat "
                            + "%.0f/s, bare %.0f/s, web/bare %.0f%%%n", sessions, think, webPaced.perSecond(),
                    barePaced.perSecond(), 100 * webPaced.perSecond() / barePaced.perSecond());
        }
        for (Result flat : Arrays.asList(webFlat, smsFlat)) {
            if (flat != null && bareFlat != null) {
                System.out.printf(Locale.ROOT, "  flat-out throughput: %s %.0f/s, bare %.0f/s: %.0f%% of bare "
                                + "(target >= 50%%)%n", flat.name(), flat.perSecond(), bareFlat.perSecond(),
                        100 * flat.perSecond() / bareFlat.perSecond());
            }
        }

        // 4. SMS segments for a whole self-referral
        smsSegments(base);
        for (Process app : apps) {
            stop(app);
        }
    }

    enum Kind { WEB, SMS, BARE }

    record Result(String name, long count, long errors, double seconds, long[] nanos) {
        double perSecond() {
            return count / seconds;
        }

        double p(double q) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            return nanos[(int) Math.min(nanos.length - 1, Math.ceil(q * nanos.length) - 1)] / 1e6;
        }
    }

    /**
     * A paced phase, after {@code warmSeconds} of the same pace not measured. The flat-out warm-up does not take
     * the JIT everywhere a human pace does (a patient's next text 10 s on: rate-limit buckets refilled, sessions
     * read back after a pause): in a flight recording of 7 December the C2 compiler was 73% of the app's CPU in the
     * first 30 s at a human pace, recompiling after deoptimisations, so the figures were of a JIT at work. A server
     * at a human pace all day has long since compiled those paths.
     */
    private Result paced(String name, int patients, int seconds, int thinkMs, Kind kind, int warmSeconds)
            throws InterruptedException {
        if (warmSeconds > 0) {
            phase("paced warm-up", patients, warmSeconds, thinkMs, kind, true);
        }
        return phase(name, patients, seconds, thinkMs, kind, false);
    }

    /**
     * N patients, each on its own thread, until the phase's time is up; a patient's first text waits a random slice.
     * Patient {@code i} holds all its conversations on node {@code i % nodes}.
     */
    private Result phase(String name, int patients, int seconds, int thinkMs, Kind kind, boolean quiet)
            throws InterruptedException {
        double[] appsBefore = apps.stream().mapToDouble(LoadRun::cpuSeconds).toArray();
        double ownBefore = ownCpuSeconds();
        double redisBefore = redisCpuSeconds();
        Map<Integer, Double> clusterBefore = clusterCpuSeconds();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(patients);
        for (int i = 0; i < patients; i++) {
            int node = i % bases.size();
            Patient p = new Patient(bases.get(node), nodeLatencies.get(node), kind, thinkMs, end, errors, done);
            Thread t = new Thread(p, "patient-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        for (Thread t : threads) {
            t.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] merged = latencies.drain();
        Arrays.sort(merged);
        Result r = new Result(name, merged.length, errors.get(), elapsed, merged);
        List<Result> perNode = new ArrayList<>();
        for (Latencies l : nodeLatencies) {
            long[] mine = l.drain();
            Arrays.sort(mine);
            perNode.add(new Result(name, mine.length, 0, elapsed, mine));
        }
        double turns = Math.max(1, r.count());
        double cpuMs = 0;
        for (int i = 0; i < apps.size(); i++) {
            cpuMs += (cpuSeconds(apps.get(i)) - appsBefore[i]) * 1000 / turns;
        }
        double ownMs = (ownCpuSeconds() - ownBefore) * 1000 / turns;
        Map<Integer, Double> clusterAfter = clusterCpuSeconds();
        double redisMs = clusterServers.isEmpty() ? (redisCpuSeconds() - redisBefore) * 1000 / turns
                : clusterAfter.entrySet().stream().mapToDouble(e -> e.getValue() - clusterBefore.get(e.getKey()))
                        .sum() * 1000 / turns;
        if (!quiet) {
            System.out.printf(Locale.ROOT, "  %-18s %7d ok %5d errors %8.1f/s  p50 %6.1f ms  p95 %6.1f ms  "
                            + "p99 %7.1f ms  CPU per request: app %.2f ms, load generator %.2f ms, Redis %.2f ms  "
                            + "(load average %s)%n", name, r.count(), r.errors(), r.perSecond(), r.p(0.50),
                    r.p(0.95), r.p(0.99), cpuMs, ownMs, redisMs, loadAverage());
            if (apps.size() > 1) {
                for (int i = 0; i < apps.size(); i++) {
                    Result n = perNode.get(i);
                    System.out.printf(Locale.ROOT, "    node %d: %7d ok %8.1f/s  p50 %6.1f ms  p95 %6.1f ms  "
                                    + "p99 %7.1f ms  app CPU %.2f ms per turn of this node's, %.2f ms per turn of "
                                    + "all%n", i + 1, n.count(), n.perSecond(), n.p(0.50), n.p(0.95), n.p(0.99),
                            (cpuSeconds(apps.get(i)) - appsBefore[i]) * 1000 / Math.max(1, n.count()),
                            (cpuSeconds(apps.get(i)) - appsBefore[i]) * 1000 / turns);
                }
            }
            if (!clusterServers.isEmpty()) {
                StringBuilder each = new StringBuilder();
                for (Map.Entry<Integer, Double> e : clusterAfter.entrySet()) {
                    each.append(String.format(Locale.ROOT, " %d (%s) %.3f", e.getKey(), role(e.getKey()),
                            (e.getValue() - clusterBefore.get(e.getKey())) * 1000 / turns));
                }
                System.out.println("    redis-server CPU ms per turn (of all turns), by port:" + each);
            }
        }
        return r;
    }

    /** One simulated patient: whole conversations one after another, timing every turn. */
    private final class Patient implements Runnable {
        private final String base;
        private final Latencies node;
        private final Kind kind;
        private final int thinkMs;
        private final long end;
        private final AtomicLong errors;
        private final CountDownLatch done;
        private final Latencies mine = new Latencies();

        Patient(String base, Latencies node, Kind kind, int thinkMs, long end, AtomicLong errors,
                CountDownLatch done) {
            this.base = base;
            this.node = node;
            this.kind = kind;
            this.thinkMs = thinkMs;
            this.end = end;
            this.errors = errors;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                if (thinkMs > 0) {
                    Thread.sleep((long) (Math.random() * thinkMs));
                }
                while (System.nanoTime() < end) {
                    switch (kind) {
                        case WEB -> webConversation();
                        case SMS -> smsConversation();
                        case BARE -> bareRequest();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                long[] all = mine.drain();
                latencies.addAll(all);
                node.addAll(all);
                done.countDown();
            }
        }

        private void webConversation() throws InterruptedException {
            long t = System.nanoTime();
            HttpResponse<String> created = timed(t, post(base + "/api/webchat/sessions", "{}", Map.of()), 201);
            if (created == null) {
                pause();
                return;
            }
            JsonNode c = JSON.readTree(created.body());
            Map<String, String> token = Map.of("X-Session-Token", c.get("token").asString());
            String url = base + "/api/webchat/sessions/" + c.get("sessionId").asString() + "/messages";
            for (String text : WEB_SCRIPT) {
                if (!pause()) {
                    return;
                }
                t = System.nanoTime();
                if (timed(t, post(url, "{\"text\":" + JSON.writeValueAsString(text) + "}", token), 200) == null) {
                    return;
                }
            }
            pause();
        }

        private void smsConversation() throws InterruptedException {
            String from = "+447700" + (900000 + (int) (Math.random() * 99_999));
            for (String text : SMS_SCRIPT) {
                long t = System.nanoTime();
                if (timed(t, sms(base, from, text), 200) == null) {
                    return;
                }
                if (!pause()) {
                    return;
                }
            }
        }

        private void bareRequest() throws InterruptedException {
            long t = System.nanoTime();
            timed(t, HttpRequest.newBuilder(URI.create(base + "/bare")).GET().build(), 200);
            pause();
        }

        private boolean pause() throws InterruptedException {
            if (thinkMs > 0) {
                Thread.sleep(thinkMs);
            }
            return System.nanoTime() < end;
        }

        private HttpResponse<String> timed(long start, HttpRequest request, int status) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - start;
                if (r.statusCode() != status) {
                    errors.incrementAndGet();
                    return null;
                }
                mine.add(took);
                return r;
            } catch (IOException e) {
                errors.incrementAndGet();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Latencies in nanoseconds, appended by one thread and merged under a lock. */
    static final class Latencies {
        private long[] values = new long[256];
        private int size;

        synchronized void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        synchronized void addAll(long[] theirs) {
            for (long v : theirs) {
                add(v);
            }
        }

        synchronized long[] drain() {
            long[] out = Arrays.copyOf(values, size);
            size = 0;
            return out;
        }
    }

    private void memoryPerIdleSession(String base, String redisUrl, int count) throws Exception {
        try (UnifiedJedis redis = RedisClient.create(URI.create(redisUrl))) {
            long before = usedMemory(redis);
            long keysBefore = redis.dbSize();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HttpResponse<String> r = http.send(post(base + "/api/webchat/sessions", "{}", Map.of()),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode c = JSON.readTree(r.body());
                String id = c.get("sessionId").asString();
                // one turn, so the session sits mid-conversation waiting for the patient, as an idle one does
                http.send(post(base + "/api/webchat/sessions/" + id + "/messages", "{\"text\":\"yes\"}",
                        Map.of("X-Session-Token", c.get("token").asString())), HttpResponse.BodyHandlers.ofString());
                ids.add(id);
            }
            long after = usedMemory(redis);
            long keys = redis.dbSize() - keysBefore;
            long transcripts = 0;
            long sessionKeys = 0;
            for (String key : redis.keys("wm:transcript:*")) {
                Long m = redis.memoryUsage(key);
                transcripts += m == null ? 0 : m;
            }
            for (String id : ids) {
                Long m = redis.memoryUsage("wm:session:webchat:" + id);
                sessionKeys += m == null ? 0 : m;
            }
            double perSession = (double) (after - before - transcripts) / count;
            System.out.printf(Locale.ROOT, "%nRedis memory, %d idle web chat sessions (each one turn in): "
                            + "used_memory +%d bytes, %d keys (%.1f per session); transcripts %d bytes%n", count,
                    after - before, keys, (double) keys / count, transcripts);
            System.out.printf(Locale.ROOT, "  per idle session, transcript aside: %.0f bytes (target <= 2048); "
                    + "MEMORY USAGE of the session key alone: %.0f bytes%n", perSession, (double) sessionKeys / count);
            Map<String, Long> byPrefix = new TreeMap<>();
            for (String key : redis.keys("wm:*")) {
                String[] parts = key.split(":");
                String prefix = parts[0] + ":" + parts[1] + (parts.length > 3 ? ":" + parts[2] : "");
                Long m = redis.memoryUsage(key);
                byPrefix.merge(prefix, m == null ? 0 : m, Long::sum);
            }
            System.out.println("  MEMORY USAGE by key family: " + byPrefix);
        }
    }

    private static long usedMemory(UnifiedJedis redis) {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(redis.info("memory"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private void smsSegments(String base) throws Exception {
        smsSegments(base, "English", SMS_SCRIPT, SMS_CHOICE, 10);
        smsSegments(base, "Bengali", SMS_SCRIPT_BN, SMS_CHOICE_BN, 14);
    }

    /** Segments per language: GSM-7 for English, UCS-2 (67 characters a part) for Bengali. */
    private void smsSegments(String base, String language, List<String> script, int choice, int target)
            throws Exception {
        String from = "+447700" + (900000 + (int) (Math.random() * 99_999));
        int total = 0;
        int toChoice = 0;
        System.out.println("\nSMS segments for a whole self-referral in " + language
                + ", the first text to a chosen activity and on to goodbye:");
        for (int i = 0; i < script.size(); i++) {
            String text = script.get(i);
            HttpResponse<String> r = http.send(sms(base, from, text), HttpResponse.BodyHandlers.ofString());
            Matcher m = MESSAGE.matcher(r.body());
            while (m.find()) {
                String reply = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                        .replace("&apos;", "'").replace("&amp;", "&");
                SmsSegments s = SmsSegments.of(reply);
                total += s.segments();
                if (i <= choice) {
                    toChoice += s.segments();
                }
                System.out.printf(Locale.ROOT, "  %-10s -> %d segment(s), %d %s units: %s%n", '"' + text + '"',
                        s.segments(), s.units(), s.encoding(), reply.replace("\n", " / "));
            }
        }
        System.out.printf(Locale.ROOT, "  %s: the first text to the chosen activity's details: %d segments (target <= "
                + "%d); with the goodbye and the wellbeing offer after it: %d%n", language, toChoice, target, total);
    }

    private static HttpRequest post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(r::header);
        return r.build();
    }

    /** A webhook as Twilio posts it, signed with the token the app was started with. */
    static HttpRequest sms(String base, String from, String body) {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("MessageSid", sid);
        f.put("SmsSid", sid);
        f.put("AccountSid", "AC00000000000000000000000000000001");
        f.put("From", from);
        f.put("To", PRACTICE_NUMBER);
        f.put("Body", body);
        f.put("NumMedia", "0");
        f.put("NumSegments", "1");
        StringBuilder data = new StringBuilder(PUBLIC_URL + "/twilio/sms");
        new TreeMap<>(f).forEach((k, v) -> data.append(k).append(v));
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SMS_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString()
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String form = f.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + "/twilio/sms")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private Process startApp(Path jar, int port, Map<String, String> env, String name) throws IOException {
        return startApp(jar, port, env, name, List.of());
    }

    private Process startApp(Path jar, int port, Map<String, String> env, String name, List<String> extraJvm)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary()));
        cmd.addAll(extraJvm);
        String jvm = options.get("jvm-args");
        if (jvm != null && !jvm.isBlank()) {
            cmd.addAll(Arrays.asList(jvm.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--server.address=127.0.0.1",
                "--waymark.load-run.bare-endpoint=true",
                "--waymark.accounts.admin-password=load-run-" + UUID.randomUUID(),
                // real-looking SMS settings so the run can sign webhooks; nothing here sends outbound SMS
                "--waymark.sms.account-sid=AC00000000000000000000000000000001",
                "--waymark.sms.auth-token=" + SMS_TOKEN, "--waymark.sms.api-base-url=http://127.0.0.1:9",
                "--waymark.sms.public-base-url=" + PUBLIC_URL));
        // one address plays every patient, flat out: limits that are never met, but still checked on every
        // request, so what they cost is in the figures
        for (String limit : List.of("webchat.limits.sessions-per-address-per-minute",
                "webchat.limits.sessions-per-address-per-hour", "webchat.limits.sessions-per-practice-per-hour",
                "webchat.limits.sessions-per-practice-per-day", "webchat.limits.turns-per-session-per-minute",
                "sms.limits.texts-per-number-per-minute", "sms.limits.texts-per-number-per-hour")) {
            cmd.add("--waymark." + limit + "=1000000000");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("REDIS_URL");
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("SPRING_THREADS_VIRTUAL_ENABLED", options.getOrDefault("virtual", "false"));
        Path log = Path.of("target", "load-run-" + name + ".log");
        Files.createDirectories(log.getParent());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /** Times one start from process start until {@code /actuator/health} is UP, with an empty data directory. */
    private void startup(String what, Path jar, List<String> jvm) throws Exception {
        Path data = Files.createTempDirectory("waymark-load-data");
        int port = freePort();
        long t0 = System.nanoTime();
        Process p = startApp(jar, port, Map.of("WAYMARK_DATA_DIR", data.toString()), "startup", jvm);
        waitHealthy(port, p);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%nstart-up to healthy, %s (embedded Redis, empty data dir): %.2f s "
                + "(target <= 6 s); the app used %.1f s of CPU meanwhile (load average %s)%n", what, seconds,
                cpuSeconds(p), loadAverage());
        stop(p);
    }

    /**
     * Extracts the jar ({@code java -Djarmode=tools -jar waymark.jar extract}) into {@code target/waymark-cds} and
     * makes its CDS archive with one training run: start, wait until healthy, hold one web chat conversation, stop
     * (the JVM writes the archive as it exits, {@code -XX:ArchiveClassesAtExit}).
     */
    private Path prepareCds(Path jar) throws Exception {
        Path dir = jar.toAbsolutePath().getParent().resolve("waymark-cds");
        Process extract = new ProcessBuilder(javaBinary(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", dir.toString(), "--force").redirectErrorStream(true)
                .redirectOutput(Path.of("target", "load-run-cds-extract.log").toFile()).start();
        if (extract.waitFor() != 0) {
            throw new IllegalStateException("extracting the jar failed: see target/load-run-cds-extract.log");
        }
        Path archive = dir.resolve("waymark.jsa");
        Files.deleteIfExists(archive);
        Path data = Files.createTempDirectory("waymark-load-data");
        int port = freePort();
        Process training = startApp(dir.resolve(jar.getFileName()), port, Map.of("WAYMARK_DATA_DIR",
                data.toString()), "cds-training", List.of("-XX:ArchiveClassesAtExit=" + archive));
        waitHealthy(port, training);
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> created = http.send(post(base + "/api/webchat/sessions", "{}", Map.of()),
                HttpResponse.BodyHandlers.ofString());
        JsonNode c = JSON.readTree(created.body());
        for (String text : WEB_SCRIPT) {
            http.send(post(base + "/api/webchat/sessions/" + c.get("sessionId").asString() + "/messages",
                    "{\"text\":" + JSON.writeValueAsString(text) + "}",
                    Map.of("X-Session-Token", c.get("token").asString())), HttpResponse.BodyHandlers.ofString());
        }
        training.destroy(); // the archive is written as the JVM exits, which takes a few seconds
        if (!training.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            training.destroyForcibly();
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no CDS archive was written: see target/load-run-cds-training.log");
        }
        return dir;
    }

    private void waitHealthy(int port, Process p) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                throw new IllegalStateException("The app exited with " + p.exitValue() + ": see target/load-run-*.log");
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("The app was not healthy within 120 s");
    }

    private void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private void stopAll() {
        stopAllQuietly();
    }

    private int stopAllQuietly() {
        synchronized (processes) {
            for (Process p : processes) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            processes.clear();
        }
        if (loadRedis != null) {
            loadRedis.close();
            loadRedis = null;
        }
        if (redisServer != null) {
            try {
                redisServer.stop();
            } catch (IOException | RuntimeException e) {
                // going anyway
            }
            redisServer = null;
        }
        return 2;
    }

    /**
     * Six redis-server processes (/usr/bin/redis-server or {@code --redis-server}) with cluster mode on, made one
     * cluster of three primaries with a replica each by {@code redis-cli --cluster create}; returns their
     * {@code host:port,...} list once every node says {@code cluster_state:ok}.
     */
    private String startCluster() throws Exception {
        String server = options.getOrDefault("redis-server", "/usr/bin/redis-server");
        Path dir = Files.createTempDirectory("waymark-load-cluster");
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(server, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "5000")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile());
            Process p = pb.start();
            synchronized (processes) {
                processes.add(p);
            }
            clusterServers.put(port, p);
            nodes.add("127.0.0.1:" + port);
        }
        for (int port : clusterServers.keySet()) {
            await(() -> {
                try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
                    return "PONG".equals(j.ping());
                }
            }, "redis-server on " + port + " to answer");
        }
        List<String> create = new ArrayList<>(List.of(options.getOrDefault("redis-cli", "redis-cli"), "--cluster",
                "create"));
        create.addAll(nodes);
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Path log = dir.resolve("cluster-create.log");
        Process c = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!c.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || c.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed: see " + log);
        }
        for (int port : clusterServers.keySet()) {
            await(() -> {
                try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
                    return j.clusterInfo().contains("cluster_state:ok");
                }
            }, "cluster_state:ok on " + port);
        }
        return String.join(",", nodes);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Gave up waiting for " + what);
    }

    /** A cluster node's role now ("master" or "slave"), from INFO replication. */
    private static String role(int port) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
            Matcher m = Pattern.compile("role:(\\w+)").matcher(j.info("replication"));
            return m.find() ? m.group(1) : "?";
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** Each cluster redis-server's CPU seconds so far (utime + stime of /proc/PID/stat, through ProcessHandle). */
    private Map<Integer, Double> clusterCpuSeconds() {
        Map<Integer, Double> out = new LinkedHashMap<>();
        clusterServers.forEach((port, p) -> out.put(port, cpuSeconds(p)));
        return out;
    }

    /** The app process's CPU time so far: a figure that other load on a shared machine disturbs far less. */
    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** Redis's own CPU (INFO cpu: used_cpu_user + used_cpu_sys), or NaN before the load Redis is up. */
    private double redisCpuSeconds() {
        if (loadRedis == null) {
            return Double.NaN;
        }
        double sum = 0;
        for (String line : loadRedis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                sum += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return sum;
    }

    private static double cpuSeconds(Process p) {
        return p == null ? 0 : p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private String javaBinary() {
        return options.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private int intOption(String name, int fallback) {
        String v = options.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
