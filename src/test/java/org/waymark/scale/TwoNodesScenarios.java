package org.waymark.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import org.waymark.RedisProcesses;
import org.waymark.WaymarkApplication;
import org.waymark.conversation.ConversationEvents;
import org.waymark.conversation.Conversations;
import org.waymark.followup.FollowUps;
import org.waymark.followup.Referral;
import org.waymark.followup.Referrals;
import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.store.ClusterKeys;
import org.waymark.store.Pseudonyms;
import org.waymark.store.PseudonymsTest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZAddParams;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two app nodes on one Redis set-up, driven over real HTTP as a load balancer would spread a patient's requests:
 * state, live worker replies and SMS de-duplication must not depend on which node a request lands on. Each subclass
 * names the Redis (one server, a Redis Cluster, a Sentinel set) and starts the nodes on it with {@link #start}; on
 * a cluster, a command whose keys span hash slots fails these scenarios, since Redis answers it CROSSSLOT.
 */
abstract class TwoNodesScenarios {
    private static final String PASSWORD = "two-nodes-" + UUID.randomUUID();
    private static final String SMS_TOKEN = "two-nodes-sms-token";
    private static final String PUBLIC_URL = "http://127.0.0.1:9";
    private static final String PRACTICE_NUMBER = "+447700900123";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static String urlA;
    static String urlB;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of the same Redis for the test's own reads and writes; closed with the nodes. */
    static UnifiedJedis redis;

    /** Starts both nodes with these {@code --waymark.redis...} arguments. */
    static void start(UnifiedJedis direct, String... redisArgs) {
        redis = direct;
        a = node(redisArgs);
        b = node(redisArgs);
        urlA = "http://127.0.0.1:" + a.getEnvironment().getProperty("local.server.port");
        urlB = "http://127.0.0.1:" + b.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopBoth() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (redis != null) {
            redis.close();
        }
        a = null;
        b = null;
        redis = null;
    }

    private static ConfigurableApplicationContext node(String... redisArgs) {
        List<String> args = new ArrayList<>(List.of(redisArgs));
        args.addAll(List.of(
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                "--waymark.accounts.admin-password=" + PASSWORD,
                // real (not simulated) SMS settings so both nodes check signatures against the same token;
                // nothing here sends outbound SMS, and the API base points at a closed loopback port if one tried
                "--waymark.sms.account-sid=AC00000000000000000000000000000001",
                "--waymark.sms.auth-token=" + SMS_TOKEN,
                "--waymark.sms.api-base-url=http://127.0.0.1:9",
                "--waymark.sms.public-base-url=" + PUBLIC_URL,
                // the proxy these nodes trust is elsewhere: this test, at 127.0.0.1, is a client calling directly,
                // and an X-Forwarded-For it sends is its own invention
                "--server.tomcat.remoteip.internal-proxies=10\\.9\\.9\\.9"));
        return SpringApplication.run(WaymarkApplication.class, args.toArray(String[]::new));
    }

    /** Deletes every key matching {@code pattern}, on every node of a cluster. */
    static void deleteKeys(String pattern) {
        ClusterKeys.delete(redis, ClusterKeys.scan(redis, pattern));
    }

    @Test
    void aWebChatSessionMovesBetweenNodesAndAWorkerReplyOnBReachesTheStreamOnA() throws Exception {
        JsonNode created = json(post(urlA + "/api/webchat/sessions", "{}", Map.of()), 201);
        String id = created.get("sessionId").asString();
        String token = created.get("token").asString();
        assertThat(created.get("messages").size()).isPositive();

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(urlA + "/api/webchat/sessions/" + id + "/events?token=" + token))
                .header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(events)));
        assertThat(events.poll(10, TimeUnit.SECONDS)).as("the stream on A opens").isNotNull();

        Set<String> waitingBefore = waitingHandoffs();
        Map<String, String> session = Map.of("X-Session-Token", token);
        JsonNode yes = json(post(urlB + "/api/webchat/sessions/" + id + "/messages", "{\"text\":\"yes\"}", session),
                200);
        assertThat(yes.get("messages").size()).as("B answers a session A started").isPositive();
        JsonNode person = json(post(urlA + "/api/webchat/sessions/" + id + "/messages", "{\"text\":\"PERSON\"}",
                session), 200);
        assertThat(person.get("messages").size()).isPositive();

        JsonNode transcript = json(get(urlB + "/api/webchat/sessions/" + id + "/messages", session), 200);
        List<String> patient = new ArrayList<>();
        transcript.get("messages").forEach(m -> {
            if ("patient".equals(m.get("from").asString())) {
                patient.add(m.get("text").asString());
            }
        });
        assertThat(patient).as("each turn once, in order, whichever node took it").containsExactly("yes", "PERSON");

        Set<String> opened = waitingHandoffs();
        opened.removeAll(waitingBefore);
        assertThat(opened).as("PERSON opened one handoff").hasSize(1);
        String handoff = opened.iterator().next();

        HttpResponse<String> claim = send(HttpRequest.newBuilder(URI.create(urlA + "/api/handoffs/" + handoff
                + "/claim")).header("Authorization", basic()).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(claim.statusCode()).isEqualTo(200);
        String words = "Hello from your link worker " + UUID.randomUUID();
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(urlB + "/api/handoffs/" + handoff
                        + "/messages")).header("Authorization", basic()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + words + "\"}")).build());
        assertThat(reply.statusCode()).isEqualTo(201);

        String seen = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (seen == null && System.nanoTime() < until) {
            String line = events.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith("data:") && line.contains(words)) {
                seen = line;
            }
        }
        stream.cancel(true);
        assertThat(seen).as("the worker's reply sent on B reaches the patient's stream on A").isNotNull();
        assertThat(JSON.readTree(seen.substring(5)).get("from").asString()).isEqualTo("worker");
    }

    @Test
    void aFollowUpDueWhileBothNodesPollFiresOnce() throws Exception {
        JsonNode created = json(post(urlB + "/api/webchat/sessions", "{}", Map.of()), 201);
        String id = created.get("sessionId").asString();
        Map<String, String> session = Map.of("X-Session-Token", created.get("token").asString());
        String[] texts = {"since my wife died I hardly see anyone and I'd like to meet people", "yes", "E1 6AN",
            "skip", "1"};
        for (int i = 0; i < texts.length; i++) {
            json(post((i % 2 == 0 ? urlA : urlB) + "/api/webchat/sessions/" + id + "/messages",
                    "{\"text\":" + JSON.writeValueAsString(texts[i]) + "}", session), 200);
        }
        List<Referral> made = a.getBean(Referrals.class).ofPatient(Channel.WEBCHAT, id);
        assertThat(made).as("choosing an activity is a referral with a follow-up to come").hasSize(1);
        String referral = made.get(0).id();

        // bring this one follow-up (and nothing else in the shared Redis) due at the dawn of time
        Instant dawn = Instant.ofEpochMilli(1);
        assertThat(redis.zadd("wm:followup:due", 1, referral + ":ask", ZAddParams.zAddParams().xx().ch()))
                .isEqualTo(1);
        int before = bot(id, session);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> onA = CompletableFuture.supplyAsync(() -> runDue(a, go, dawn));
        CompletableFuture<Integer> onB = CompletableFuture.supplyAsync(() -> runDue(b, go, dawn));
        go.countDown();
        int taken = onA.get(30, TimeUnit.SECONDS) + onB.get(30, TimeUnit.SECONDS);
        int after = bot(id, session);
        // both nodes again: nothing left to fire
        int again = a.getBean(FollowUps.class).runDue(dawn) + b.getBean(FollowUps.class).runDue(dawn);

        assertThat(taken).as("at most one node took it (the minute poller may have been first)").isLessThanOrEqualTo(1);
        assertThat(again).isZero();
        assertThat(a.getBean(Referrals.class).find(referral).orElseThrow().status()).isEqualTo("asked");
        assertThat(after - before).as("the follow-up reached the patient").isPositive();
        assertThat(bot(id, session)).as("and only once").isEqualTo(after);
        assertThat(after - before).isLessThanOrEqualTo(2);
    }

    @Test
    void bothNodesNameAPatientByTheSameKeyedReferenceInTheirExports() throws Exception {
        String number = "+4477009" + String.format("%05d", (int) (Math.random() * 100_000));
        String session = UUID.randomUUID().toString();
        a.publishEvent(new ConversationEvents.ActivityChosen(session, "riverside", Channel.SMS, number, "walk",
                List.of("loneliness"), Instant.now()));
        String referral = a.getBean(Referrals.class).ofPatient(Channel.SMS, number).get(0).id();

        String onA = exportedPseudonym(urlA, referral);
        String onB = exportedPseudonym(urlB, referral);

        assertThat(onA).matches("[0-9a-f]{32}");
        assertThat(onB).as("node B's export names the patient as node A's does").isEqualTo(onA);
        assertThat(b.getBean(Pseudonyms.class).of("sms", number)).isEqualTo(onA);
        assertThat(onA).as("not the plain SHA-256 of channel:address")
                .isNotEqualTo(PseudonymsTest.plainSha256("sms:" + number));
    }

    /**
     * Two web chats, their turns spread over both nodes, with {@code crash} (given the session ids) run after the
     * third round: each turn is sent again while a node answers 503 (Redis failing over), and every turn a node
     * acknowledged with 200 is in the transcript afterwards. Returns how many turns were acknowledged.
     */
    static int acknowledgedTurnsSurvive(java.util.function.Consumer<List<String>> crash) throws Exception {
        deleteKeys("wm:limit:webchat-sessions-address:*");
        List<String> ids = new ArrayList<>();
        List<Map<String, String>> tokens = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonNode created = json(post(urlA + "/api/webchat/sessions", "{}", Map.of()), 201);
            ids.add(created.get("sessionId").asString());
            tokens.add(Map.of("X-Session-Token", created.get("token").asString()));
        }
        Map<String, List<String>> acknowledged = new LinkedHashMap<>();
        ids.forEach(id -> acknowledged.put(id, new ArrayList<>()));
        int rounds = 8;
        for (int round = 0; round < rounds; round++) {
            if (round == 3) {
                crash.accept(ids);
            }
            for (int s = 0; s < ids.size(); s++) {
                String text = "I would like to meet people, note " + round + "-" + s;
                String node = (round + s) % 2 == 0 ? urlA : urlB;
                if (turnUntilAcknowledged(node, ids.get(s), tokens.get(s), text)) {
                    acknowledged.get(ids.get(s)).add(text);
                }
            }
        }
        int total = 0;
        for (int s = 0; s < ids.size(); s++) {
            String id = ids.get(s);
            Map<String, String> token = tokens.get(s);
            List<String> patient = new ArrayList<>();
            json(untilNot503(() -> get(urlB + "/api/webchat/sessions/" + id + "/messages", token)), 200)
                    .get("messages").forEach(m -> {
                        if ("patient".equals(m.get("from").asString())) {
                            patient.add(m.get("text").asString());
                        }
                    });
            assertThat(patient).as("every acknowledged turn of session " + s + " is in its transcript")
                    .containsAll(acknowledged.get(id));
            total += acknowledged.get(id).size();
        }
        assertThat(total).as("the conversations carried on: every turn was acknowledged in the end")
                .isEqualTo(rounds * ids.size());
        return total;
    }

    /**
     * The reply to a turn is the patient's acknowledgement, so the app waits for a replica to hold the turn before
     * it answers (Redis's WAIT): a replica has it the moment the reply arrives. Replicas that are stuck do not stop
     * the conversation: past the wait the reply goes, and the write is counted as unconfirmed.
     */
    static void repliesWaitForReplicas(RedisProcesses processes) throws Exception {
        List<Integer> replicas = processes.replicas();
        assertThat(replicas).isNotEmpty();
        JsonNode created = json(post(urlA + "/api/webchat/sessions", "{}", Map.of()), 201);
        String id = created.get("sessionId").asString();
        Map<String, String> token = Map.of("X-Session-Token", created.get("token").asString());
        Counter unconfirmed = a.getBean(MeterRegistry.class).counter("waymark.redis.unreplicated.writes");
        double before = unconfirmed.count();

        String said = "I would like to meet people " + UUID.randomUUID();
        json(post(urlA + "/api/webchat/sessions/" + id + "/messages", "{\"text\":\"" + said + "\"}", token), 200);
        // the transcript is under the session's own id, which the widget's address is not: look for the words
        assertThat(replicas.stream().anyMatch(port -> holds(port, said)))
                .as("a replica holds the turn as soon as the patient has the reply").isTrue();
        assertThat(unconfirmed.count()).isEqualTo(before);

        replicas.forEach(processes::pause);
        try {
            json(post(urlA + "/api/webchat/sessions/" + id + "/messages", "{\"text\":\"walking maybe\"}", token),
                    200);
        } finally {
            replicas.forEach(processes::resume);
        }
        assertThat(unconfirmed.count()).as("the turn no stuck replica confirmed is counted").isGreaterThan(before);
    }

    private static boolean holds(int port, String text) {
        try (Jedis replica = new Jedis(new HostAndPort("127.0.0.1", port))) {
            if (!replica.info("replication").contains("role:slave")) {
                return false;
            }
            if (replica.info("cluster").contains("cluster_enabled:1")) {
                replica.readonly(); // a cluster replica serves reads of its primary's slots only when asked to
            }
            return replica.keys("wm:transcript:*").stream()
                    .anyMatch(k -> replica.lrange(k, 0, -1).stream().anyMatch(l -> l.contains(text)));
        }
    }

    private static boolean turnUntilAcknowledged(String node, String id, Map<String, String> token, String text)
            throws Exception {
        HttpResponse<String> r = untilNot503(() -> post(node + "/api/webchat/sessions/" + id + "/messages",
                "{\"text\":" + JSON.writeValueAsString(text) + "}", token));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return true;
    }

    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    /** The call, sent again every half second for up to 30 s while the node answers 503 (Redis unavailable). */
    static HttpResponse<String> untilNot503(Call call) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> r = call.send();
            if (r.statusCode() != 503 || System.nanoTime() > until) {
                return r;
            }
            Thread.sleep(500);
        }
    }

    private static String exportedPseudonym(String node, String referral) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(node + "/api/referrals?format=json"))
                .header("Authorization", basic()).GET().build());
        for (JsonNode n : json(r, 200)) {
            if (referral.equals(n.get("id").asString())) {
                return n.get("person").get("pseudonym").asString();
            }
        }
        throw new AssertionError("referral " + referral + " not in " + node + "'s export");
    }

    private static int runDue(ConfigurableApplicationContext node, CountDownLatch go, Instant now) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return node.getBean(FollowUps.class).runDue(now);
    }

    private static int bot(String id, Map<String, String> session) throws Exception {
        int[] n = {0};
        json(get(urlA + "/api/webchat/sessions/" + id + "/messages", session), 200).get("messages")
                .forEach(m -> n[0] += "bot".equals(m.get("from").asString()) ? 1 : 0);
        return n[0];
    }

    @Test
    void aDuplicateSmsDeliveryToEachNodeIsAnsweredOnce() throws Exception {
        String number = "+4477009" + String.format("%05d", (int) (Math.random() * 100_000));
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");

        // Twilio retries a delivery it saw fail; the retry may land on the other node
        HttpResponse<String> first = sms(urlA, sid, number, "hi");
        HttpResponse<String> retry = sms(urlB, sid, number, "hi");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("<Message>");
        assertThat(retry.body()).as("the stored answer, not a second turn").isEqualTo(first.body());
        assertThat(patientLines(number, "hi")).isEqualTo(1);

        // both deliveries at once: one node takes the turn; the other answers empty (still in hand) or the same
        String sid2 = "SM" + UUID.randomUUID().toString().replace("-", "");
        CompletableFuture<HttpResponse<String>> onA = CompletableFuture.supplyAsync(() -> smsQuietly(urlA, sid2,
                number, "yes"));
        CompletableFuture<HttpResponse<String>> onB = CompletableFuture.supplyAsync(() -> smsQuietly(urlB, sid2,
                number, "yes"));
        List<String> answers = List.of(onA.get(30, TimeUnit.SECONDS).body(), onB.get(30, TimeUnit.SECONDS).body());
        List<String> nonEmpty = answers.stream().filter(s -> s.contains("<Message>")).toList();
        assertThat(nonEmpty).isNotEmpty();
        assertThat(new HashSet<>(nonEmpty)).as("every non-empty answer is the one answer").hasSize(1);
        assertThat(patientLines(number, "yes")).isEqualTo(1);
    }

    @Test
    void anSmsPatientWhoAsksToBeForgottenOnBLeavesNoKeyNamingThemOnANode() throws Exception {
        String number = "+4477009" + String.format("%05d", (int) (Math.random() * 100_000));
        String[] texts = {"hi", "yes", "PERSON", "FORGET", "forget yes"};
        String last = null;
        for (int i = 0; i < texts.length; i++) {
            last = sms(i % 2 == 0 ? urlA : urlB, "SM" + UUID.randomUUID().toString().replace("-", ""), number,
                    texts[i]).body();
        }
        assertThat(last).contains("deleted");
        // on a cluster the erasure's deletes span many slots, and the SMS log is scanned on every node
        assertThat(ClusterKeys.scan(redis, "*" + number + "*")).as("keys that name the number").isEmpty();
    }

    @Test
    void bothNodesCountNewSessionsInOneBucketAndAForgedForwardedForChangesNothing() throws Exception {
        deleteKeys("wm:limit:webchat-sessions-address:*");
        try {
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 8; i++) {
                // from a client that is not a trusted proxy, X-Forwarded-For is ignored: a new one each time
                last = post((i % 2 == 0 ? urlA : urlB) + "/api/webchat/sessions", "{}",
                        Map.of("X-Forwarded-For", "192.0.2." + (i + 1)));
                statuses.add(last.statusCode());
            }
            assertThat(statuses).as("five a minute from one address (the default), counted across both nodes")
                    .containsExactly(201, 201, 201, 201, 201, 429, 429, 429);
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
        } finally {
            deleteKeys("wm:limit:webchat-sessions-address:*");
        }
    }

    @Test
    void anAccountLockedOnOneNodeIsLockedOnTheOther() throws Exception {
        try {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create((i % 2 == 0 ? urlA : urlB)
                        + "/api/handoffs?status=waiting")).header("Authorization", basic("guess-" + i)).GET().build());
                assertThat(wrong.statusCode()).isEqualTo(401);
            }
            HttpResponse<String> right = send(HttpRequest.newBuilder(URI.create(urlB + "/api/handoffs?status=waiting"))
                    .header("Authorization", basic()).GET().build());
            assertThat(right.statusCode()).as("the right password, on either node").isEqualTo(429);
        } finally {
            deleteKeys("wm:limit:sign-in-*");
        }
    }

    static long patientLines(String number, String text) {
        List<OutboundMessage> transcript = a.getBean(Conversations.class).transcript(Channel.SMS, number);
        return transcript.stream().filter(m -> "patient".equals(m.from()) && text.equals(m.text())).count();
    }

    static Set<String> waitingHandoffs() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(urlA + "/api/handoffs?status=waiting"))
                .header("Authorization", basic()).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        JSON.readTree(r.body()).forEach(h -> ids.add(h.get("id").asString()));
        return ids;
    }

    private static HttpResponse<String> smsQuietly(String node, String sid, String from, String body) {
        try {
            return sms(node, sid, from, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> sms(String node, String sid, String from, String body) throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("MessageSid", sid);
        f.put("SmsSid", sid);
        f.put("AccountSid", "AC00000000000000000000000000000001");
        f.put("From", from);
        f.put("To", PRACTICE_NUMBER);
        f.put("Body", body);
        f.put("NumMedia", "0");
        String form = f.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(node + "/twilio/sms"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature("/twilio/sms", f))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** Twilio's scheme: HMAC-SHA1 of the public URL followed by each field name and value, sorted by name. */
    static String signature(String path, Map<String, String> fields) {
        StringBuilder data = new StringBuilder(PUBLIC_URL + path);
        new TreeMap<>(fields).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SMS_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String basic() {
        return basic(PASSWORD);
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(r::header);
        return send(r.build());
    }

    static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(r::header);
        return send(r.build());
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    /** Collects an SSE stream's lines as they arrive. */
    private record LineCollector(BlockingQueue<String> lines) implements java.util.concurrent.Flow.Subscriber<String> {
        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    }
}
