package org.waymark.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import org.waymark.conversation.ConversationEvents;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.evaluation.LabelledLines;
import org.waymark.nlu.NeedsEvaluation;
import org.waymark.nlu.Nlu;
import org.waymark.nlu.NluByLanguage;
import org.waymark.nlu.NluHeads;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;
import org.waymark.safety.RiskByLanguage;
import org.waymark.safety.RiskCategory;
import org.waymark.safety.RiskDetector;
import org.waymark.safety.RiskEvaluation;
import org.waymark.safety.RiskHeads;
import org.waymark.taxonomy.Need;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model versions, per practice, and the gate a new one passes before it is used (issue 20). A retrain trains the
 * NLU's shipped heads on sentence embeddings on (its intent net and needs sigmoids, {@link NluHeads}) over the
 * shared training lines plus the practice's corrections, and gives the risk check the practice's risk corrections
 * beside its shipped net ({@link RiskHeads}), off the request thread, and scores the result on the whole kept-apart sets
 * ({@code nlp-models/kept-apart/needs.tsv} and {@code risk.tsv}) with the evaluation code {@code nlu evaluate-*}
 * uses; it is refused if risk recall falls in any category or crisis false alarms rise past the target. A version
 * with risk corrections waits for a clinical safety officer other than the one who retrained. The trained heads
 * are kept in Redis under the version ({@code wm:models:heads:<n>}, {@code wm:models:risk-heads:<n>}); the version
 * a practice uses is a pointer ({@code wm:models:active:<practice>}) that every node reads every few seconds and
 * swaps in for that practice's messages without a restart; rolling back is setting it to an earlier accepted
 * version (0: the models as shipped). Every Redis command here touches one key, so a Redis Cluster needs no hash
 * tags for them.
 */
@Service
public class ModelGate {
    private static final Logger log = LoggerFactory.getLogger(ModelGate.class);
    static final String ACTIVE = "wm:models:active:";
    static final String SEQUENCE = "wm:models:sequence";
    static final String TRAINING = "training";

    /** The figures of one version on the kept-apart sets. */
    public record Figures(double needsF1, Map<String, Double> riskRecall, double crisisFalseAlarms,
                          double checkPrompts) {
    }

    /**
     * @param status training (under way on some node), active, retired (accepted, replaced since), refused,
     *               failed, or awaiting_approval (a risk change a CSO has not approved)
     * @param corrections the ids of the corrections it learnt from (their words stay in the practice's
     *                    corrections; an erasure retrains the version in use without them)
     * @param trainMillis how long the retrain and the scoring took
     * @param rebuilt how many times the heads were retrained after an erasure
     */
    public record Version(int version, String practice, String status, boolean accepted, String reason,
                          Figures figures, Figures before, List<String> corrections, boolean risk, int dropped,
                          String trainedBy, String approvedBy, Instant at, long trainMillis, int rebuilt) {
        Version with(String newStatus, String approver) {
            return new Version(version, practice, newStatus, accepted, reason, figures, before, corrections, risk,
                    dropped, trainedBy, approver, at, trainMillis, rebuilt);
        }

        public boolean training() {
            return TRAINING.equals(status);
        }
    }

    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final Clock clock;
    private final ReviewQueue queue;
    private final NluByLanguage nlus;
    private final RiskByLanguage risks;
    private final Practices practices;
    private final Path keptApart;
    private final double crisisTarget;
    private final NluHeads.Settings nluSettings;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model-retrain");
        t.setDaemon(true);
        return t;
    });
    private volatile Figures shipped;
    /** What this node uses for each practice: "version:status:approver:rebuilt". */
    private final Map<String, String> installed = new ConcurrentHashMap<>();

    ModelGate(UnifiedJedis redis, JsonMapper json, Clock clock, ReviewQueue queue, NluByLanguage nlus,
              RiskByLanguage risks, Practices practices,
              @Value("${waymark.review.kept-apart-dir:nlp-models/kept-apart}") Path keptApart,
              @Value("${waymark.review.crisis-false-alarm-target:0.05}") double crisisTarget,
              @Value("${waymark.review.retrain-passes:3}") int passes,
              @Value("${waymark.review.retrain-repeat:10}") int repeat,
              @Value("${waymark.review.retrain-learning-rate:0.0003}") double learningRate,
              @Value("${waymark.review.embedding-cache-dir:${waymark.redis.data-dir:./data}/embeddings}")
              Path embeddingCache) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.queue = queue;
        this.nlus = nlus;
        this.risks = risks;
        this.practices = practices;
        this.keptApart = keptApart;
        this.crisisTarget = crisisTarget;
        this.nluSettings = new NluHeads.Settings(passes, repeat, learningRate);
        SentenceEmbeddings.shared().cacheIn(embeddingCache);
    }

    static String versionKey(int v) {
        return "wm:models:version:" + v;
    }

    static byte[] headsKey(int v) {
        return ("wm:models:heads:" + v).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] riskHeadsKey(int v) {
        return ("wm:models:risk-heads:" + v).getBytes(StandardCharsets.UTF_8);
    }

    // ---- versions ------------------------------------------------------------------------------------------------

    /** The version the default practice uses. */
    public int activeVersion() {
        return activeVersion(practices.defaultPractice().id());
    }

    /** The version a practice uses (0: the models as shipped). */
    public int activeVersion(String practice) {
        String v = redis.get(ACTIVE + practice);
        return v == null ? 0 : Integer.parseInt(v);
    }

    public Optional<Version> version(int v) {
        String raw = v <= 0 ? null : redis.get(versionKey(v));
        return raw == null ? Optional.empty() : Optional.of(json.readValue(raw, Version.class));
    }

    /** Every version of every practice, newest first. */
    public List<Version> versions() {
        String last = redis.get(SEQUENCE);
        List<Version> all = new ArrayList<>();
        for (int v = last == null ? 0 : Integer.parseInt(last); v >= 1; v--) {
            version(v).ifPresent(all::add);
        }
        return all;
    }

    /** A practice's versions, newest first. */
    public List<Version> versions(String practice) {
        return versions().stream().filter(v -> practice.equals(v.practice())).toList();
    }

    private void save(Version v) {
        redis.set(versionKey(v.version()), json.writeValueAsString(v));
    }

    // ---- the gate ------------------------------------------------------------------------------------------------

    /**
     * Starts a retrain from the practice's corrections on this node's trainer thread and returns its version at
     * once, {@code training}; the version says the gate's answer when it is done.
     */
    public Version startRetrain(String practice, String by) {
        Version v = begin(practice, by);
        trainer.submit(() -> run(v));
        return v;
    }

    /** A retrain run to its end on this thread: the gate's answer. */
    public Version retrain(String practice, String by) {
        return run(begin(practice, by));
    }

    private Version begin(String practice, String by) {
        int number = (int) redis.incr(SEQUENCE);
        Version v = new Version(number, practice, TRAINING, false, "Retraining from the shared training lines and "
                + "the practice's corrections; the gate scores it on the kept-apart sets when it is done.", null,
                null, List.of(), false, 0, by, null, clock.instant(), 0, 0);
        save(v);
        return v;
    }

    /** The practice's corrections a retrain may use, and how many copy a kept-apart line. */
    private record Usable(List<Correction> corrections, int dropped) {
        boolean risk() {
            return corrections.stream().anyMatch(c -> c.risk() || c.notRisk());
        }
    }

    private Usable usable(String practice) {
        TrainingLines leakCheck = TrainingLines.keptApartIn(keptApart);
        List<Correction> usable = new ArrayList<>();
        int dropped = 0;
        for (Correction c : queue.correctionsOf(practice).values()) {
            if (c.trainingText() == null || c.trainingText().isBlank()) {
                continue;
            }
            if (leakCheck.copiesKeptApart(c.trainingText())) {
                dropped++;
            } else {
                usable.add(c);
            }
        }
        return new Usable(usable, dropped);
    }

    /** The heads a set of corrections trains: the NLU's, and the risk net's when any correction is about risk. */
    private record Heads(NluHeads nlu, RiskHeads risk) {
    }

    private Heads train(List<Correction> corrections) {
        List<NluHeads.Lesson> lessons = new ArrayList<>();
        List<RiskHeads.Lesson> riskLessons = new ArrayList<>();
        for (Correction c : corrections) {
            String text = c.trainingText();
            if (c.intent() != null || c.needs() != null) {
                Set<Need> needs = null;
                if (c.needs() != null) {
                    needs = EnumSet.noneOf(Need.class);
                    for (String code : c.needs()) {
                        Need.fromCode(code).ifPresent(needs::add);
                    }
                }
                lessons.add(new NluHeads.Lesson(text, c.intent(), needs));
            }
            if (c.risk() || c.notRisk()) {
                riskLessons.add(new RiskHeads.Lesson(text, c.riskCategory(), c.riskLevel(), c.notRisk()));
            }
        }
        return new Heads(nlus.retrain(lessons, nluSettings),
                riskLessons.isEmpty() ? null : risks.retrain(riskLessons));
    }

    private Version run(Version started) {
        long t0 = System.nanoTime();
        String practice = started.practice();
        try {
            Usable usable = usable(practice);
            Heads heads = train(usable.corrections());
            Figures before = activeFigures(practice);
            Figures after = figures(nlus.englishWith(heads.nlu()),
                    heads.risk() == null ? risks.english() : risks.englishWith(heads.risk()));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            List<String> refusals = refusals(before, after);
            boolean accepted = refusals.isEmpty();
            boolean risk = heads.risk() != null;
            String reason = accepted ? (risk ? "Passed the gate; it changes the risk check, so it waits for a "
                    + "clinical safety officer's approval." : "Passed the gate: no risk recall fell and crisis false "
                    + "alarms are within the target.") : "Refused: " + String.join("; ", refusals) + ".";
            if (usable.dropped() > 0) {
                reason += " " + usable.dropped() + " correction(s) left out for copying a kept-apart line.";
            }
            reason += String.format(Locale.ROOT, " Retrained on %d correction(s) in %.1f s.",
                    usable.corrections().size(), millis / 1000.0);
            if (accepted) {
                redis.set(headsKey(started.version()), heads.nlu().bytes());
                if (risk) {
                    redis.set(riskHeadsKey(started.version()), heads.risk().bytes());
                }
            }
            Version v = new Version(started.version(), practice, !accepted ? "refused" : risk ? "awaiting_approval"
                    : "active", accepted, reason, after, before,
                    usable.corrections().stream().map(Correction::id).toList(), risk, usable.dropped(),
                    started.trainedBy(), null, started.at(), millis, 0);
            if (accepted && !risk) {
                activate(v); // saves it as active once the pointer names it
            } else {
                save(v);
            }
            log.info("Model version {} for {} by {}: {}", v.version(), practice, v.trainedBy(), reason);
            return v;
        } catch (RuntimeException e) {
            log.error("Model version {} for {}: the retrain failed", started.version(), practice, e);
            Version failed = new Version(started.version(), practice, "failed", false, "The retrain failed ("
                    + e.getClass().getSimpleName() + "); the version in use stays.", null, null, List.of(), false, 0,
                    started.trainedBy(), null, started.at(), (System.nanoTime() - t0) / 1_000_000, 0);
            save(failed);
            return failed;
        }
    }

    List<String> refusals(Figures before, Figures after) {
        List<String> out = new ArrayList<>();
        for (RiskCategory c : RiskCategory.values()) {
            double b = before.riskRecall().getOrDefault(c.code(), 0.0);
            double a = after.riskRecall().getOrDefault(c.code(), 0.0);
            if (a < b - 1e-9) {
                out.add(String.format(Locale.ROOT, "risk recall in %s falls from %.3f to %.3f", c.code(), b, a));
            }
        }
        if (after.crisisFalseAlarms() > crisisTarget + 1e-9
                && after.crisisFalseAlarms() > before.crisisFalseAlarms() + 1e-9) {
            out.add(String.format(Locale.ROOT, "crisis false alarms rise to %.1f%%, past the target of %.1f%%",
                    100 * after.crisisFalseAlarms(), 100 * crisisTarget));
        }
        return out;
    }

    /** A clinical safety officer's second approval of a risk change; never by the one who retrained. */
    public synchronized Version approve(int number, String cso) {
        Version v = version(number).orElseThrow(() -> new IllegalArgumentException("No model version " + number
                + "."));
        if (!"awaiting_approval".equals(v.status())) {
            throw new IllegalStateException("Version " + number + " is " + v.status().replace('_', ' ')
                    + ": only a version awaiting approval can be approved.");
        }
        if (cso.equals(v.trainedBy())) {
            throw new IllegalStateException("A second person must approve: " + cso + " retrained version "
                    + number + ".");
        }
        Version approved = v.with("active", cso);
        activate(approved);
        return approved;
    }

    /** The default practice back to the models as shipped (0), or any practice to an earlier accepted version. */
    public void rollBack(int number) {
        rollBack(number == 0 ? practices.defaultPractice().id() : null, number);
    }

    /** Back to an earlier accepted version of {@code practice} (0: the models as shipped). */
    public synchronized void rollBack(String practice, int number) {
        if (number == 0) {
            retireActive(practice);
            redis.set(ACTIVE + practice, "0");
            refresh();
            return;
        }
        Version v = version(number).orElseThrow(() -> new IllegalArgumentException("No model version " + number
                + "."));
        if (practice != null && !practice.equals(v.practice())) {
            throw new IllegalArgumentException("Version " + number + " is " + v.practice() + "'s, not "
                    + practice + "'s.");
        }
        if (!v.accepted() || v.risk() && v.approvedBy() == null) {
            throw new IllegalStateException("Version " + number + " was never in use: it cannot be rolled back to.");
        }
        if (!redis.exists(headsKey(number))) {
            throw new IllegalStateException("Version " + number + "'s models were deleted after a patient's data was "
                    + "erased: it cannot be rolled back to. Retrain instead.");
        }
        activate(v);
    }

    /**
     * The pointer first, then the version's status: whoever reads "active" finds the pointer already naming it (a node
     * that reads the pointer in between installs the version at its next refresh, when its status has changed).
     */
    private synchronized void activate(Version v) {
        retireActive(v.practice());
        redis.set(ACTIVE + v.practice(), Integer.toString(v.version()));
        Version active = v.with("active", v.approvedBy());
        // in use here before the version says it is active, so no message is read with the old models after that
        installNow(active.practice(), active);
        save(active);
        refresh();
    }

    private void retireActive(String practice) {
        int current = activeVersion(practice);
        if (current > 0) {
            version(current).ifPresent(old -> save(old.with("retired", old.approvedBy())));
        }
    }

    // ---- scoring -------------------------------------------------------------------------------------------------

    /** The figures of the models as shipped (computed once per node). */
    public Figures shipped() {
        if (shipped == null) {
            shipped = figures(nlus.english(), risks.english());
        }
        return shipped;
    }

    /** The shipped models' figures if this node has worked them out, else null (never computed on a scrape). */
    Figures shippedIfKnown() {
        return shipped;
    }

    /** The figures of the version a practice uses, as scored when it was trained. */
    private Figures activeFigures(String practice) {
        return version(activeVersion(practice)).map(Version::figures).orElseGet(this::shipped);
    }

    /**
     * Scored on the whole kept-apart sets; their lines' sentence embeddings are worked out once per node and kept
     * (they are fixed texts, no patient's words).
     */
    Figures figures(Nlu nlu, RiskDetector risk) {
        return SentenceEmbeddings.shared().keeping(() -> {
            try {
                List<LabelledLines.Line> needLines = LabelledLines.read(keptApart.resolve("needs.tsv"));
                List<LabelledLines.Line> riskLines = LabelledLines.read(keptApart.resolve("risk.tsv"));
                NeedsEvaluation.Result needs = NeedsEvaluation.evaluate(needLines, nlu);
                RiskEvaluation.Result r = RiskEvaluation.evaluate(riskLines, risk);
                Map<String, Double> recall = new LinkedHashMap<>();
                for (RiskCategory c : RiskCategory.values()) {
                    recall.put(c.code(), round(r.recall(c.code())));
                }
                return new Figures(round(needs.microF1()), recall, round(r.crisisFalseAlarms()),
                        round(r.checkPrompts()));
            } catch (IOException e) {
                throw new UncheckedIOException("The kept-apart sets in " + keptApart + " cannot be read", e);
            }
        });
    }

    private static double round(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }

    // ---- every node ----------------------------------------------------------------------------------------------

    /** Swaps in, for each practice, the version Redis names as its active one, if this node does not use it yet. */
    @Scheduled(fixedDelayString = "${waymark.review.model-refresh-ms:5000}")
    public void refresh() {
        for (Practice p : practices.all()) {
            refresh(p.id());
        }
    }

    private synchronized void refresh(String practice) {
        int number = activeVersion(practice);
        Optional<Version> v = version(number);
        if (tag(number, v).equals(installed.get(practice))) {
            return;
        }
        install(practice, v.filter(Version::accepted).orElse(null));
        installed.put(practice, tag(number, v));
    }

    private synchronized void installNow(String practice, Version v) {
        install(practice, v.accepted() ? v : null);
        installed.put(practice, tag(v.version(), Optional.of(v)));
    }

    private static String tag(int number, Optional<Version> v) {
        return number + ":" + v.map(x -> x.status() + ":" + x.approvedBy() + ":" + x.rebuilt()).orElse("");
    }

    private void install(String practice, Version v) {
        if (v == null) {
            nlus.use(practice, null);
            risks.use(practice, null);
            log.info("Practice {}: the models as shipped in use", practice);
            return;
        }
        try {
            byte[] heads = redis.get(headsKey(v.version()));
            byte[] riskHeads = v.risk() && v.approvedBy() != null ? redis.get(riskHeadsKey(v.version())) : null;
            nlus.use(practice, heads == null ? null : nlus.readHeads(heads));
            risks.use(practice, riskHeads == null ? null : RiskHeads.read(riskHeads));
            log.info("Practice {}: model version {} in use ({} correction(s){})", practice, v.version(),
                    v.corrections().size(), riskHeads != null ? ", risk too" : "");
        } catch (IOException e) {
            log.error("Practice {}: model version {} cannot be read; the models as shipped stay", practice,
                    v.version(), e);
            nlus.use(practice, null);
            risks.use(practice, null);
        }
    }

    /**
     * A retrain on a schedule ({@code waymark.review.retrain-cron}, off by default), through the same gate, for the
     * practice {@code waymark.review.retrain-practice}; a risk change still waits for a CSO. Runs on one node: a
     * marker in Redis ({@code SET NX}, 10 minutes) keeps the others out.
     */
    @Scheduled(cron = "${waymark.review.retrain-cron:-}")
    void scheduledRetrain() {
        if ("OK".equals(redis.set("wm:models:scheduled-retrain", "1",
                new redis.clients.jedis.params.SetParams().nx().ex(600)))) {
            retrain(scheduledPractice, "schedule");
        }
    }

    @Value("${waymark.review.retrain-practice:riverside}")
    private String scheduledPractice;

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        refresh();
    }

    /** The version this node uses for the default practice. */
    public int installedVersion() {
        return installedVersion(practices.defaultPractice().id());
    }

    /** The version this node uses for a practice's messages (0: as shipped). */
    public int installedVersion(String practice) {
        String tag = practice == null ? null : installed.get(practice);
        return tag == null || tag.isEmpty() ? 0 : Integer.parseInt(tag.substring(0, tag.indexOf(':')));
    }

    /**
     * An erasure: where the version a practice uses learnt from a correction that has lost its words, its heads are
     * retrained without it straight away (on this node's trainer thread; every node then reloads them).
     */
    @EventListener
    @org.springframework.core.annotation.Order(10)
    void onForgotten(ConversationEvents.Forgotten e) {
        Map<String, Map<String, Correction>> byPractice = new LinkedHashMap<>();
        for (Version v : versions()) {
            if (!v.accepted() || v.corrections().isEmpty()) {
                continue;
            }
            Map<String, Correction> all = byPractice.computeIfAbsent(v.practice(), queue::correctionsOf);
            List<Correction> kept = v.corrections().stream().map(all::get)
                    .filter(c -> c != null && c.trainingText() != null).toList();
            if (kept.size() == v.corrections().size()) {
                continue;
            }
            if (v.version() == activeVersion(v.practice())) {
                trainer.submit(() -> rebuild(v, kept));
            } else {
                // an earlier version learnt from the erased words too: its nets go, so it cannot come back
                redis.del(headsKey(v.version()));
                redis.del(riskHeadsKey(v.version()));
                log.info("Model version {}: its nets deleted after an erasure", v.version());
            }
        }
    }

    private synchronized void rebuild(Version v, List<Correction> kept) {
        Heads heads = train(kept);
        redis.set(headsKey(v.version()), heads.nlu().bytes());
        if (heads.risk() != null) {
            redis.set(riskHeadsKey(v.version()), heads.risk().bytes());
        } else {
            redis.del(riskHeadsKey(v.version()));
        }
        Version current = version(v.version()).orElse(v);
        Version rebuilt = new Version(current.version(), current.practice(), current.status(), current.accepted(),
                current.reason(), current.figures(), current.before(), kept.stream().map(Correction::id).toList(),
                current.risk(), current.dropped(), current.trainedBy(), current.approvedBy(), current.at(),
                current.trainMillis(), current.rebuilt() + 1);
        if (rebuilt.version() == activeVersion(rebuilt.practice())) {
            // in use here before the version says it is rebuilt, so no message is read with the erased words after
            installNow(rebuilt.practice(), rebuilt);
        }
        save(rebuilt);
        log.info("Model version {} retrained after an erasure: {} correction(s) left", v.version(), kept.size());
    }

    /** The version in use, its figures and who approved it, for the reports page and {@code /actuator/info}. */
    public Map<String, Object> info() {
        int number = activeVersion();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", number);
        Optional<Version> v = version(number);
        m.put("figures", v.map(Version::figures).orElse(null));
        m.put("trainedBy", v.map(Version::trainedBy).orElse("shipped"));
        m.put("approvedBy", v.map(Version::approvedBy).orElse(null));
        return m;
    }

    static Comparator<Version> newestFirst() {
        return Comparator.comparingInt(Version::version).reversed();
    }
}
