package org.waymark.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import org.waymark.conversation.ConversationEvents;
import org.waymark.evaluation.LabelledLines;
import org.waymark.nlu.Nlu;
import org.waymark.nlu.NluByLanguage;
import org.waymark.nlu.NeedsEvaluation;
import org.waymark.nlu.Parse;
import org.waymark.safety.Risk;
import org.waymark.safety.RiskByLanguage;
import org.waymark.safety.RiskCategory;
import org.waymark.safety.RiskEvaluation;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model versions and the gate a new one passes before it is used (issue 20). Retraining takes the trained models
 * plus a practice's corrections ({@link CorrectionModel}) and scores the result on the whole kept-apart sets
 * ({@code nlp-models/kept-apart/needs.tsv} and {@code risk.tsv}) with the evaluation code {@code nlu evaluate-*}
 * uses; it is refused if risk recall falls in any category or crisis false alarms rise past the target. A version
 * with risk corrections waits for a clinical safety officer other than the one who retrained. The version in use is
 * a pointer in Redis ({@code wm:models:active}) that every node reads every few seconds and swaps in without a
 * restart; rolling back is setting it to an earlier accepted version (0: the models as shipped).
 */
@Service
public class ModelGate {
    private static final Logger log = LoggerFactory.getLogger(ModelGate.class);
    static final String ACTIVE = "wm:models:active";
    static final String SEQUENCE = "wm:models:sequence";

    /** The figures of one version on the kept-apart sets. */
    public record Figures(double needsF1, Map<String, Double> riskRecall, double crisisFalseAlarms,
                          double checkPrompts) {
    }

    /**
     * @param status active, retired (accepted, replaced since), refused, or awaiting_approval (a risk change a CSO
     *               has not approved)
     * @param corrections the ids of the corrections it learnt from (their words stay in the practice's
     *                    corrections, so an erasure takes them out of every version)
     */
    public record Version(int version, String practice, String status, boolean accepted, String reason,
                          Figures figures, Figures before, List<String> corrections, boolean risk, int dropped,
                          String trainedBy, String approvedBy, Instant at) {
        Version with(String newStatus, String approver) {
            return new Version(version, practice, newStatus, accepted, reason, figures, before, corrections, risk,
                    dropped, trainedBy, approver, at);
        }
    }

    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final Clock clock;
    private final ReviewQueue queue;
    private final NluByLanguage nlus;
    private final RiskByLanguage risks;
    private final Path keptApart;
    private final double crisisTarget;
    private final Map<String, Parse> rawParses = new ConcurrentHashMap<>();
    private final Map<String, Risk> rawRisks = new ConcurrentHashMap<>();
    private volatile Figures shipped;
    private volatile String installed = "";

    ModelGate(UnifiedJedis redis, JsonMapper json, Clock clock, ReviewQueue queue, NluByLanguage nlus,
              RiskByLanguage risks, @Value("${waymark.review.kept-apart-dir:nlp-models/kept-apart}") Path keptApart,
              @Value("${waymark.review.crisis-false-alarm-target:0.05}") double crisisTarget) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.queue = queue;
        this.nlus = nlus;
        this.risks = risks;
        this.keptApart = keptApart;
        this.crisisTarget = crisisTarget;
    }

    static String versionKey(int v) {
        return "wm:models:version:" + v;
    }

    // ---- versions ------------------------------------------------------------------------------------------------

    public int activeVersion() {
        String v = redis.get(ACTIVE);
        return v == null ? 0 : Integer.parseInt(v);
    }

    public Optional<Version> version(int v) {
        String raw = redis.get(versionKey(v));
        return raw == null ? Optional.empty() : Optional.of(json.readValue(raw, Version.class));
    }

    /** Every version, newest first. */
    public List<Version> versions() {
        String last = redis.get(SEQUENCE);
        List<Version> all = new ArrayList<>();
        for (int v = last == null ? 0 : Integer.parseInt(last); v >= 1; v--) {
            version(v).ifPresent(all::add);
        }
        return all;
    }

    private void save(Version v) {
        redis.set(versionKey(v.version()), json.writeValueAsString(v));
    }

    // ---- the gate ------------------------------------------------------------------------------------------------

    /** Retrains from the practice's corrections and scores the result; used only if the gate lets it through. */
    public synchronized Version retrain(String practice, String by) {
        TrainingLines leakCheck = TrainingLines.keptApartIn(keptApart);
        List<Correction> usable = new ArrayList<>();
        int dropped = 0;
        for (Correction c : queue.correctionsOf(practice).values()) {
            if (c.trainingText() == null) {
                continue;
            }
            if (leakCheck.copiesKeptApart(c.trainingText())) {
                dropped++;
            } else {
                usable.add(c);
            }
        }
        CorrectionModel candidate = CorrectionModel.of(usable, true);
        Figures before = figures(activeModel());
        Figures after = figures(candidate);
        List<String> refusals = refusals(before, after);
        boolean accepted = refusals.isEmpty();
        boolean risk = candidate.hasRisk();
        String reason = accepted ? (risk ? "Passed the gate; it changes the risk check, so it waits for a clinical "
                + "safety officer's approval." : "Passed the gate: no risk recall fell and crisis false alarms are "
                + "within the target.") : "Refused: " + String.join("; ", refusals) + ".";
        if (dropped > 0) {
            reason += " " + dropped + " correction(s) left out for copying a kept-apart line.";
        }
        int number = (int) redis.incr(SEQUENCE);
        Version v = new Version(number, practice, !accepted ? "refused" : risk ? "awaiting_approval" : "active",
                accepted, reason, after, before, usable.stream().map(Correction::id).toList(), risk, dropped, by,
                null, clock.instant());
        save(v);
        if (accepted && !risk) {
            activate(v);
        }
        log.info("Model version {} by {}: {}", number, by, reason);
        return v;
    }

    List<String> refusals(Figures before, Figures after) {
        List<String> out = new ArrayList<>();
        for (RiskCategory c : RiskCategory.values()) {
            double b = before.riskRecall().getOrDefault(c.code(), 0.0);
            double a = after.riskRecall().getOrDefault(c.code(), 0.0);
            if (a < b - 1e-9) {
                out.add(String.format(java.util.Locale.ROOT, "risk recall in %s falls from %.3f to %.3f", c.code(),
                        b, a));
            }
        }
        if (after.crisisFalseAlarms() > crisisTarget + 1e-9
                && after.crisisFalseAlarms() > before.crisisFalseAlarms() + 1e-9) {
            out.add(String.format(java.util.Locale.ROOT, "crisis false alarms rise to %.1f%%, past the target of "
                    + "%.1f%%", 100 * after.crisisFalseAlarms(), 100 * crisisTarget));
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

    /** Back to an earlier accepted version (0: the models as shipped). */
    public synchronized void rollBack(int number) {
        if (number == 0) {
            retireActive();
            redis.set(ACTIVE, "0");
            refresh();
            return;
        }
        Version v = version(number).orElseThrow(() -> new IllegalArgumentException("No model version " + number
                + "."));
        if (!v.accepted() || v.risk() && v.approvedBy() == null) {
            throw new IllegalStateException("Version " + number + " was never in use: it cannot be rolled back to.");
        }
        activate(v);
    }

    private void activate(Version v) {
        retireActive();
        save(v.with("active", v.approvedBy()));
        redis.set(ACTIVE, Integer.toString(v.version()));
        refresh();
    }

    private void retireActive() {
        int current = activeVersion();
        if (current > 0) {
            version(current).ifPresent(old -> save(old.with("retired", old.approvedBy())));
        }
    }

    // ---- scoring -------------------------------------------------------------------------------------------------

    /** The figures of the models as shipped (computed once per node). */
    public Figures shipped() {
        if (shipped == null) {
            shipped = figures(CorrectionModel.of(List.of(), false));
        }
        return shipped;
    }

    /** The shipped models' figures if this node has worked them out, else null (never computed on a scrape). */
    Figures shippedIfKnown() {
        return shipped;
    }

    private CorrectionModel activeModel() {
        return model(activeVersion());
    }

    private CorrectionModel model(int number) {
        if (number == 0) {
            return CorrectionModel.of(List.of(), false);
        }
        Version v = version(number).orElse(null);
        if (v == null) {
            return CorrectionModel.of(List.of(), false);
        }
        Map<String, Correction> all = queue.correctionsOf(v.practice());
        List<Correction> kept = v.corrections().stream().map(all::get).filter(java.util.Objects::nonNull).toList();
        return CorrectionModel.of(kept, !v.risk() || v.approvedBy() != null);
    }

    /** Scored on the whole kept-apart sets; the trained models' own answers are worked out once per node. */
    Figures figures(CorrectionModel m) {
        try {
            List<LabelledLines.Line> needLines = LabelledLines.read(keptApart.resolve("needs.tsv"));
            List<LabelledLines.Line> riskLines = LabelledLines.read(keptApart.resolve("risk.tsv"));
            Nlu english = nlus.english();
            Nlu corrected = new Nlu() {
                @Override
                public Parse parse(String text) {
                    return m.apply(text, rawParses.computeIfAbsent(text, english::parse));
                }

                @Override
                public Parse parse(String text, List<String> options) {
                    return parse(text);
                }

                @Override
                public Set<String> intents() {
                    return english.intents();
                }
            };
            NeedsEvaluation.Result needs = NeedsEvaluation.evaluate(needLines, corrected);
            RiskEvaluation.Result risk = RiskEvaluation.evaluate(riskLines,
                    text -> m.apply(text, rawRisks.computeIfAbsent(text, risks.english()::assess)));
            Map<String, Double> recall = new LinkedHashMap<>();
            for (RiskCategory c : RiskCategory.values()) {
                recall.put(c.code(), round(risk.recall(c.code())));
            }
            return new Figures(round(needs.microF1()), recall, round(risk.crisisFalseAlarms()),
                    round(risk.checkPrompts()));
        } catch (IOException e) {
            throw new UncheckedIOException("The kept-apart sets in " + keptApart + " cannot be read", e);
        }
    }

    private static double round(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }

    // ---- every node ----------------------------------------------------------------------------------------------

    /** Swaps in the version Redis names as active, if it is not the one this node uses. */
    @Scheduled(fixedDelayString = "${waymark.review.model-refresh-ms:5000}")
    public void refresh() {
        int number = activeVersion();
        String tag = number + ":" + version(number).map(v -> v.status() + v.approvedBy()).orElse("");
        if (tag.equals(installed)) {
            return;
        }
        install(number);
        installed = tag;
    }

    private void install(int number) {
        CorrectionModel m = model(number);
        nlus.useCorrections(m.size() == 0 ? null : m::apply);
        risks.useCorrections(m.hasRisk() ? m::apply : null);
        log.info("Model version {} in use ({} correction(s){})", number, m.size(), m.hasRisk() ? ", risk too" : "");
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

    /** The version this node uses now. */
    public int installedVersion() {
        String tag = installed;
        return tag.isEmpty() ? 0 : Integer.parseInt(tag.substring(0, tag.indexOf(':')));
    }

    /** An erasure takes the patient's corrections out of the version in use straight away. */
    @EventListener
    @org.springframework.core.annotation.Order(10)
    void onForgotten(ConversationEvents.Forgotten e) {
        install(activeVersion());
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
