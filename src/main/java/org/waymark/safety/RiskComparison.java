package org.waymark.safety;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.waymark.embedding.Folds;
import org.waymark.embedding.LinearModel;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.evaluation.LabelledLines;

/**
 * {@code nlu compare}, risk half: the nets side by side, first by k-fold cross-validation on the training lines
 * ({@code nlp-models/risk/}), then trained on all of them and scored once on a kept-apart set. The nets: the
 * patterns; today's OpenNLP second net (words and word pairs, raising to urgent when a category reaches 0.6); the
 * same pipeline with character 3-5-grams; sentence embeddings with a softmax on top; and combinations.
 *
 * <p>Every learned net but today's is banded (none, check, crisis) by thresholds on its chance of risk chosen from
 * out-of-fold predictions on the training lines ({@link RiskNet#thresholds}), exactly as the shipped net
 * chooses its own. In the cross-validation table, fold {@code f} is judged with thresholds chosen from the
 * out-of-fold predictions of the other folds. Nothing is tuned on the kept-apart set.
 */
public final class RiskComparison {

    static final int FOLDS = 5;
    static final long SEED = 15L;

    /** One message as every net sees it: its place among the training lines (-1 if none), the patterns, its vector. */
    record Input(int index, String text, RiskPatterns.Result patterns, float[] vector) {
        boolean decidedByPatterns() {
            return patterns.match() != null || patterns.denied();
        }
    }

    /** A trained net's view of one message. */
    interface Net {
        RiskNet.Judgement judge(Input in);
    }

    /** A way of training a net on some of the examples. */
    interface Learner {
        Net train(List<RiskNet.Example> examples, List<Input> inputs);
    }

    /** How a candidate uses its nets after the patterns. */
    enum How { PATTERNS_ONLY, TODAY, ALONE, AFTER_PATTERNS, MEAN_AFTER_PATTERNS, EITHER_AFTER_PATTERNS, TODAY_AND_NET }

    /** A row of the table. */
    record Candidate(String name, How how, List<Learner> learners, RiskNet.Settings budgets) {
        Candidate(String name, How how, List<Learner> learners) {
            this(name, how, learners, null);
        }
    }

    private final TextNormaliser normaliser = new TextNormaliser();
    private final RiskPatterns patterns = new RiskPatterns();
    private final SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
    private final RiskNet.Settings settings;
    private final List<RiskNet.Example> examples;
    private final List<Input> inputs;
    private final int[] fold;
    /** Per learner, memoised: out-of-fold judgements of every training line, and the net trained on them all. */
    private final Map<Learner, RiskNet.Judgement[]> outOfFold = new IdentityHashMap<>();
    private final Map<Learner, Net> full = new IdentityHashMap<>();
    /** Per candidate, the share of the NLU's ordinary sentences it raised or questioned in cross-validation. */
    private final Map<String, Double> ordinaryRaised = new HashMap<>();

    final Learner words = openNlp(false);
    final Learner grams = openNlp(true);
    final Learner embedded;

    private final boolean tuning;

    RiskComparison(List<RiskNet.Example> examples, RiskNet.Settings settings, boolean tuning) {
        this.examples = examples;
        this.settings = settings;
        this.tuning = tuning;
        this.inputs = inputs(examples.stream().map(RiskNet.Example::text).toList(), true);
        this.fold = Folds.stratified(examples.stream().map(RiskNet.Example::label).toList(), FOLDS,
                SEED);
        this.embedded = embedding(settings);
    }

    List<Input> inputs(List<String> texts, boolean training) {
        List<float[]> vectors = embeddings.embedAll(texts);
        List<Input> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Input(training ? i : -1, texts.get(i), patterns.assess(normaliser.normalise(texts.get(i))),
                    vectors.get(i)));
        }
        return out;
    }

    // ---- the learners ----------------------------------------------------------------------------------------

    /** Today's second net (and, with char-grams, its variant): OpenNLP doccat on the masked normalised words. */
    Learner openNlp(boolean charGrams) {
        return (train, trainInputs) -> {
            List<String> lines = train.stream().map(e -> e.label() + " " + e.text()).toList();
            RiskModel model = RiskModel.train(lines, normaliser, RiskNet.WORDS_THRESHOLD, charGrams);
            return in -> model.judge(in.patterns().masked());
        };
    }

    /**
     * The net on embeddings of the text as written (cross-validation preferred it to embeddings of the normaliser's
     * words, docs/nlu.md, and it is the one the NLU shares).
     */
    static Learner embedding(RiskNet.Settings settings) {
        return (train, trainInputs) -> {
            RiskNet.OnEmbeddings model = RiskNet.OnEmbeddings.fit(train, trainInputs.stream().map(Input::vector)
                    .toList(), settings, null, -1);
            return in -> model.judge(in.vector());
        };
    }

    private RiskNet.Judgement[] oof(Learner learner) {
        return outOfFold.computeIfAbsent(learner, l -> {
            RiskNet.Judgement[] out = new RiskNet.Judgement[examples.size()];
            for (int f = 0; f < FOLDS; f++) {
                Net net = l.train(outside(examples, f), outside(inputs, f));
                for (int i = 0; i < examples.size(); i++) {
                    if (fold[i] == f) {
                        out[i] = net.judge(inputs.get(i));
                    }
                }
            }
            return out;
        });
    }

    private Net fullNet(Learner learner) {
        return full.computeIfAbsent(learner, l -> l.train(examples, inputs));
    }

    private <T> List<T> outside(List<T> items, int heldOut) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (fold[i] != heldOut) {
                out.add(items.get(i));
            }
        }
        return out;
    }

    // ---- candidates ------------------------------------------------------------------------------------------

    List<Candidate> candidates() {
        if (tuning) {
            return Boolean.getBoolean("waymark.tune.budgets") ? budgetCandidates() : tuningCandidates();
        }
        Learner linear = embedding(settings.with(settings.linear(), null));
        return List.of(
                new Candidate("patterns alone", How.PATTERNS_ONLY, List.of()),
                new Candidate("patterns + OpenNLP words (today)", How.TODAY, List.of(words)),
                new Candidate("patterns + OpenNLP words, banded", How.AFTER_PATTERNS, List.of(words)),
                new Candidate("char 3-5-grams alone", How.ALONE, List.of(grams)),
                new Candidate("patterns + char 3-5-grams", How.AFTER_PATTERNS, List.of(grams)),
                new Candidate("embeddings, linear, alone", How.ALONE, List.of(linear)),
                new Candidate("patterns + embeddings, linear", How.AFTER_PATTERNS, List.of(linear)),
                new Candidate("embeddings, hidden layer, alone", How.ALONE, List.of(embedded)),
                new Candidate("patterns + embeddings, hidden layer", How.AFTER_PATTERNS, List.of(embedded)),
                new Candidate("patterns + mean(embeddings, char-grams)", How.MEAN_AFTER_PATTERNS,
                        List.of(embedded, grams)),
                new Candidate("patterns + embeddings OR char-grams", How.EITHER_AFTER_PATTERNS,
                        List.of(embedded, grams)),
                new Candidate(SHIPPED, How.TODAY_AND_NET, List.of(words, embedded)));
    }

    /** The row of the net that ships ({@link RiskNet}): built here as it trains itself. */
    static final String SHIPPED = "patterns + OpenNLP words (today) + embeddings *";

    /** The settings cross-validation chose among (docs/nlu.md): each after the patterns, and averaged with grams. */
    List<Candidate> tuningCandidates() {
        List<Candidate> out = new ArrayList<>();
        List<RiskNet.Settings> grid = new ArrayList<>();
        for (double l2 : new double[] {1e-5, 1e-4}) {
            grid.add(settings.with(new LinearModel.Settings(l2, 500, false), null));
        }
        grid.add(settings.with(settings.linear(), new Mlp.Settings(128, 20, 1e-4)));
        grid.add(settings.with(settings.linear(), new Mlp.Settings(256, 20, 1e-4)));
        grid.add(settings.with(settings.linear(), new Mlp.Settings(256, 40, 1e-3)));
        for (RiskNet.Settings s : grid) {
            Learner l = embedding(s);
            String name = s.mlp() == null ? String.format(Locale.ROOT, "linear l2=%.0e it=%d", s.linear().l2(),
                    s.linear().iterations()) : String.format(Locale.ROOT, "mlp h=%d ep=%d l2=%.0e", s.mlp().hidden(),
                    s.mlp().epochs(), s.mlp().l2());
            out.add(new Candidate(name, How.AFTER_PATTERNS, List.of(l)));
            out.add(new Candidate(name + " +grams", How.MEAN_AFTER_PATTERNS, List.of(l, grams)));
        }
        return out;
    }

    /** The shipped net under other budgets, and beside today's net on words. */
    List<Candidate> budgetCandidates() {
        List<Candidate> out = new ArrayList<>();
        for (double crisis : new double[] {0.0, 0.0025, 0.005, 0.01}) {
            for (double ordinary : new double[] {0.03, 0.05, 0.10}) {
                RiskNet.Settings b = new RiskNet.Settings(settings.linear(), settings.mlp(), settings.folds(), crisis,
                        settings.checkBudget(), ordinary, settings.members());
                out.add(new Candidate(String.format(Locale.ROOT, "net, crisis %.2f%% ordinary %.0f%%", 100 * crisis,
                        100 * ordinary), How.AFTER_PATTERNS, List.of(embedded), b));
            }
        }
        out.add(new Candidate("today's words + net (crisis 0, ordinary 5%)", How.TODAY_AND_NET,
                List.of(words, embedded)));
        return out;
    }

    /** A judge of inputs for one candidate: out-of-fold for training inputs, the full nets for others. */
    private RiskNet.Judgement judgement(Learner learner, Input in) {
        return in.index() >= 0 ? oof(learner)[in.index()] : fullNet(learner).judge(in);
    }

    /** {check, crisis} thresholds for a net from the out-of-fold judgements of the lines {@code include} allows. */
    private double[] thresholds(RiskNet.Judgement[] oof, boolean withPatterns, boolean[] include,
                                RiskNet.Settings budgets) {
        boolean[] decided = new boolean[oof.length];
        for (int i = 0; i < oof.length; i++) {
            decided[i] = withPatterns && inputs.get(i).decidedByPatterns();
        }
        return RiskNet.thresholds(examples, oof, decided, include, budgets == null ? settings : budgets);
    }

    /** Two nets' mean chance of risk, the surer one's category, the first one's level. */
    static RiskNet.Judgement mean(RiskNet.Judgement first, RiskNet.Judgement other) {
        return new RiskNet.Judgement((first.risk() + other.risk()) / 2, first.risk() >= other.risk()
                ? first.category() : other.category(), Math.max(first.top(), other.top()), first.level());
    }

    private RiskNet.Judgement[] meanOof(Candidate c) {
        RiskNet.Judgement[] a = oof(c.learners().get(0));
        RiskNet.Judgement[] b = oof(c.learners().get(1));
        RiskNet.Judgement[] out = new RiskNet.Judgement[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = mean(a[i], b[i]);
        }
        return out;
    }

    /** The candidate's answer for one input, its thresholds chosen from the training lines {@code include} allows. */
    private Risk assess(Candidate c, Input in, Map<Object, double[]> thresholds, boolean[] include) {
        return switch (c.how()) {
            case PATTERNS_ONLY -> LayeredRiskDetector.combine(in.patterns(), null);
            case TODAY -> {
                RiskNet.Judgement j = judgement(c.learners().get(0), in);
                yield LayeredRiskDetector.combine(in.patterns(), j.top() >= RiskNet.WORDS_THRESHOLD
                        ? new Risk(RiskLevel.URGENT, j.category(), RiskNet.WORDS_CUE) : null);
            }
            case ALONE, AFTER_PATTERNS -> {
                boolean withPatterns = c.how() == How.AFTER_PATTERNS;
                Learner l = c.learners().get(0);
                double[] t = thresholds.computeIfAbsent(List.of(l, withPatterns),
                        k -> thresholds(oof(l), withPatterns, include, c.budgets()));
                Risk raised = RiskNet.band(judgement(l, in), t[0], t[1], "net");
                yield withPatterns ? LayeredRiskDetector.combine(in.patterns(), raised)
                        : raised == null ? Risk.NONE : raised;
            }
            case MEAN_AFTER_PATTERNS -> {
                double[] t = thresholds.computeIfAbsent(c, k -> thresholds(meanOof(c), true, include, c.budgets()));
                RiskNet.Judgement j = mean(judgement(c.learners().get(0), in),
                        judgement(c.learners().get(1), in));
                yield LayeredRiskDetector.combine(in.patterns(), RiskNet.band(j, t[0], t[1], "net"));
            }
            case TODAY_AND_NET -> Risk.moreSerious(assess(new Candidate("", How.TODAY, List.of(c.learners().get(0))),
                    in, thresholds, include), assess(new Candidate("", How.AFTER_PATTERNS, List.of(c.learners().get(1)),
                    c.budgets()), in, thresholds, include));
            case EITHER_AFTER_PATTERNS -> {
                Risk x = assess(new Candidate("", How.AFTER_PATTERNS, List.of(c.learners().get(0))), in, thresholds,
                        include);
                Risk y = assess(new Candidate("", How.AFTER_PATTERNS, List.of(c.learners().get(1))), in, thresholds,
                        include);
                yield Risk.moreSerious(x, y);
            }
        };
    }

    /** Cross-validation on the training lines: fold f judged out of fold, with thresholds from the other folds. */
    Map<String, RiskEvaluation.Result> crossValidate() {
        Map<String, RiskEvaluation.Result> out = new LinkedHashMap<>();
        for (Candidate c : candidates()) {
            Risk[] risks = new Risk[examples.size()];
            for (int f = 0; f < FOLDS; f++) {
                boolean[] include = new boolean[examples.size()];
                for (int i = 0; i < include.length; i++) {
                    include[i] = fold[i] != f;
                }
                Map<Object, double[]> thresholds = new HashMap<>();
                for (int i = 0; i < examples.size(); i++) {
                    if (fold[i] == f) {
                        risks[i] = assess(c, inputs.get(i), thresholds, include);
                    }
                }
            }
            List<RiskEvaluation.Judged> judged = new ArrayList<>();
            int ordinary = 0;
            int questioned = 0;
            for (int i = 0; i < examples.size(); i++) {
                if (!examples.get(i).ordinary()) {
                    judged.add(judged(i + 1, examples.get(i), risks[i]));
                } else {
                    // the NLU's sentences are not in the figures, only in their own column
                    ordinary++;
                    questioned += risks[i].band().equals("none") ? 0 : 1;
                }
            }
            ordinaryRaised.put(c.name(), ordinary == 0 ? Double.NaN : (double) questioned / ordinary);
            out.put(c.name(), new RiskEvaluation.Result(judged));
        }
        return out;
    }

    /** Every candidate trained on all the training lines, thresholds from all of them, scored on {@code lines}. */
    Map<String, RiskEvaluation.Result> keptApart(List<LabelledLines.Line> lines, Path trainingDir)
            throws IOException {
        Map<String, Input> byText = new HashMap<>();
        inputs(lines.stream().map(LabelledLines.Line::text).distinct().toList(), false)
                .forEach(in -> byText.put(in.text(), in));
        Map<String, RiskEvaluation.Result> out = new LinkedHashMap<>();
        for (Candidate c : candidates()) {
            Map<Object, double[]> thresholds = new HashMap<>();
            out.put(c.name(), RiskEvaluation.evaluate(lines, text -> assess(c, byText.get(text), thresholds, null)));
        }
        // and the detector exactly as the app builds it, from the stored net: it must agree with the row above
        out.put("shipped detector (stored net, as the app runs it)", RiskEvaluation.evaluate(lines,
                RiskDetectors.fromTrainingDir(trainingDir)));
        return out;
    }

    private static RiskEvaluation.Judged judged(int number, RiskNet.Example e, Risk risk) {
        String category = e.risky() ? e.label().substring(0, e.label().indexOf(':')) : null;
        String level = e.risky() ? e.label().substring(e.label().indexOf(':') + 1) : "none";
        return new RiskEvaluation.Judged(new LabelledLines.Line(number, e.label(), e.text()), category, level, risk);
    }

    static void print(String title, Map<String, RiskEvaluation.Result> results, Map<String, Double> ordinary,
                      PrintStream out) {
        out.println(title);
        out.printf(Locale.ROOT, "  %-50s %7s %7s %7s %7s %7s %7s %8s %7s%s%n", "candidate", "suicide", "harm",
                "abuse", "medical", "all", "level", "crisisFA", "checks", ordinary.isEmpty() ? "" : " ordinary");
        results.forEach((name, r) -> out.printf(Locale.ROOT,
                "  %-50s %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f %7.1f%% %6.1f%%%s%n", name,
                r.recall(RiskCategory.SUICIDE_SELF_HARM.code()), r.recall(RiskCategory.HARM_TO_OTHERS.code()),
                r.recall(RiskCategory.ABUSE_SAFEGUARDING.code()), r.recall(RiskCategory.MEDICAL_EMERGENCY.code()),
                r.overallRecall(), r.levelReached(), 100 * r.crisisFalseAlarms(), 100 * r.checkPrompts(),
                ordinary.containsKey(name) ? String.format(Locale.ROOT, " %7.1f%%", 100 * ordinary.get(name)) : ""));
    }

    /**
     * The command: cross-validation on the training lines of {@code trainingDir}, then, when {@code keptApart} is
     * given, every candidate trained on all of them and scored on it.
     */
    public static void run(Path trainingDir, Path keptApart, PrintStream out) throws IOException {
        run(trainingDir, keptApart, false, out);
    }

    /** With {@code tuning}, cross-validation only, over the embedding net's settings. */
    public static void run(Path trainingDir, Path keptApart, boolean tuning, PrintStream out) throws IOException {
        long start = System.nanoTime();
        List<RiskNet.Example> examples = RiskNet.usable(RiskNet.examples(RiskTraining.load(trainingDir).lines()),
                new TextNormaliser(), new RiskPatterns());
        RiskComparison c = new RiskComparison(examples, RiskNet.DEFAULT, tuning);
        out.printf(Locale.ROOT, "risk: %d training lines (%d risky, %d ordinary NLU sentences) embedded in %.1f s%n",
                examples.size(), examples.stream().filter(RiskNet.Example::risky).count(),
                examples.stream().filter(RiskNet.Example::ordinary).count(), (System.nanoTime() - start) / 1e9);
        print("risk, " + FOLDS + "-fold cross-validation on " + trainingDir + " (recall = check or above; ordinary = "
                + "share of the NLU's sentences raised or questioned)", c.crossValidate(), c.ordinaryRaised, out);
        if (keptApart != null && !tuning) {
            print("risk, trained on all of " + trainingDir + ", scored once on " + keptApart, c.keptApart(
                    LabelledLines.read(keptApart), trainingDir), Map.of(), out);
        }
        out.printf(Locale.ROOT, "risk comparison took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }
}
