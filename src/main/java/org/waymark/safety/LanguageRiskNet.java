package org.waymark.safety;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

import org.waymark.embedding.CharGrams;
import org.waymark.embedding.Folds;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.SparseMlp;
import org.waymark.embedding.SparseVector;

/**
 * The learned risk net of a language the sentence embeddings do not know: a softmax over {@code none} and every
 * {@code category:level} of its risk lines, as the English embedding net has, on words and character n-grams. The
 * candidates: our one-hidden-layer net on hashed n-grams ({@link SparseMlp}), OpenNLP's maxent on words, word pairs
 * and character 3-5-grams, and their mean; and each with or without the English patterns on top (for the English
 * words in mixed messages). The same bands as English ({@link RiskNet#band}): thresholds on the chance of any risk
 * from out-of-fold predictions on the training lines, with {@link RiskNet#DEFAULT}'s budgets. Which candidate a
 * language gets is chosen when it is trained, by {@value #FOLDS}-fold cross-validation on its training lines alone
 * (each fold judged with thresholds from the others): the best recall (check or above) among those within the
 * targets (crisis false alarms at most 3%, check questions at most 10% of the hard negatives), then the best level
 * reached. Immutable and thread-safe.
 */
final class LanguageRiskNet {

    static final String PIPELINE_VERSION = "waymark-risk-language-4";
    static final RiskTraining.Stored STORED = new RiskTraining.Stored(RiskTraining.NET_FILE,
            RiskTraining.NET_HASH_FILE, PIPELINE_VERSION);
    static final String REPORT_FILE = "cross-validation.md";
    static final int FOLDS = 5;
    static final Mlp.Settings NET = new Mlp.Settings(64, 20, 1e-5);
    static final double CRISIS_TARGET = 0.03;
    static final double CHECK_TARGET = 0.10;
    /** The share of the hard negatives the maxent's urgent may raise on its own, in {@link Way#NET_AND_WORDS}. */
    static final double WORDS_BUDGET = 0.01;
    private static final long SEED = 15L;
    private static final int FORMAT = 2;

    /**
     * Which nets judge a message: the net, the maxent, their mean, or (as the English detector has its words net
     * beside its embedding net) the net banded and the maxent raising urgent where a category reaches its threshold
     * ({@link RiskNet#WORDS_THRESHOLD} or more: as high as keeps it within {@link #WORDS_BUDGET} of the hard
     * negatives, out of fold), the more serious counting.
     */
    enum Way {
        NET, MAXENT, MEAN, NET_AND_WORDS;

        boolean net() {
            return this != MAXENT;
        }

        boolean maxent() {
            return this != NET;
        }
    }

    private final Way way;
    private final boolean englishPatterns;
    private final SparseMlp net;
    private final DoccatModel maxent;
    private final ThreadLocal<DocumentCategorizerME> categorizer;
    private final double checkAt;
    private final double crisisAt;
    private final double wordsAt;
    private final String report;

    LanguageRiskNet(Way way, boolean englishPatterns, SparseMlp net, DoccatModel maxent, double checkAt,
                    double crisisAt, double wordsAt, String report) {
        this.way = way;
        this.englishPatterns = englishPatterns;
        this.net = net;
        this.maxent = maxent;
        this.categorizer = ThreadLocal.withInitial(() -> new DocumentCategorizerME(this.maxent));
        this.checkAt = checkAt;
        this.crisisAt = crisisAt;
        this.wordsAt = wordsAt;
        this.report = report;
    }

    Way way() {
        return way;
    }

    boolean englishPatterns() {
        return englishPatterns;
    }

    double checkAt() {
        return checkAt;
    }

    double crisisAt() {
        return crisisAt;
    }

    String report() {
        return report;
    }

    /** The nets' judgement of a message. */
    RiskNet.Judgement judge(String text) {
        List<String> words = CharGrams.words(text);
        return judge(way, net, maxent == null ? null : categorizer.get(), words);
    }

    /** The band of a message by the nets alone (null for none). */
    Risk raise(String text) {
        List<String> words = CharGrams.words(text);
        Risk banded = RiskNet.band(judge(way, net, maxent == null ? null : categorizer.get(), words), checkAt,
                crisisAt, RiskNet.EMBEDDING_CUE);
        return way == Way.NET_AND_WORDS
                ? Risk.moreSerious(banded, words(judge(Way.MAXENT, net, categorizer.get(), words), wordsAt))
                : banded;
    }

    /** The maxent's urgent, as the English words net raises it: where a category reaches the threshold. */
    static Risk words(RiskNet.Judgement maxent, double threshold) {
        return maxent.top() >= threshold ? new Risk(RiskLevel.URGENT, maxent.category(), RiskNet.WORDS_CUE) : null;
    }

    /**
     * The words threshold: {@link RiskNet#WORDS_THRESHOLD}, or higher where needed to raise at most
     * {@link #WORDS_BUDGET} of the hard negatives the phrases and patterns leave (those {@code include} says).
     */
    static double wordsThreshold(List<RiskNet.Example> examples, RiskNet.Judgement[] maxent, boolean[] include,
                                 Risk[] english, Risk[] phrased) {
        List<Double> scores = new ArrayList<>();
        int hard = 0;
        for (int i = 0; i < examples.size(); i++) {
            RiskNet.Example e = examples.get(i);
            if (e.risky() || e.ordinary() || include != null && !include[i]) {
                continue;
            }
            hard++;
            if (phrased[i] == null && (english == null || english[i] == null)) {
                scores.add(maxent[i].top());
            }
        }
        return Math.max(RiskNet.WORDS_THRESHOLD, RiskNet.lowestWithin(scores, (int) Math.floor(WORDS_BUDGET * hard),
                1.0));
    }

    private static RiskNet.Judgement judge(Way way, SparseMlp net, DocumentCategorizerME maxent, List<String> words) {
        double[] p = null;
        List<String> labels = null;
        if (way != Way.MAXENT) {
            labels = net.labels();
            p = net.probabilities(CharGrams.vectorOfWords(words));
        }
        if (way == Way.MAXENT || way == Way.MEAN) {
            String[] tokens = words.isEmpty() ? new String[] {"<empty>"} : words.toArray(String[]::new);
            double[] q = maxent.categorize(tokens);
            if (p == null) {
                labels = new ArrayList<>();
                for (int i = 0; i < q.length; i++) {
                    labels.add(maxent.getCategory(i));
                }
                p = q;
            } else {
                for (int i = 0; i < p.length; i++) {
                    p[i] = 0.5 * p[i] + 0.5 * q[maxent.getIndex(labels.get(i))];
                }
            }
        }
        return judge(p, labels);
    }

    /** As {@link RiskNet.OnEmbeddings#judge}: chance of any risk, likeliest category and level. */
    static RiskNet.Judgement judge(double[] p, List<String> labels) {
        double[] byCategory = new double[RiskCategory.values().length];
        double none = 0;
        double check = 0;
        double urgent = 0;
        double emergency = 0;
        for (int i = 0; i < p.length; i++) {
            String label = labels.get(i);
            if (label.equals(RiskNet.NONE)) {
                none = p[i];
                continue;
            }
            String[] parts = label.split(":");
            byCategory[category(parts[0]).ordinal()] += p[i];
            switch (parts[1]) {
                case RiskNet.CHECK -> check += p[i];
                case RiskNet.EMERGENCY -> emergency += p[i];
                default -> urgent += p[i];
            }
        }
        int best = 0;
        for (int c = 1; c < byCategory.length; c++) {
            best = byCategory[c] > byCategory[best] ? c : best;
        }
        String level = emergency >= urgent && emergency >= check ? RiskNet.EMERGENCY
                : urgent >= check ? RiskNet.URGENT : RiskNet.CHECK;
        return new RiskNet.Judgement(1 - none, RiskCategory.values()[best], byCategory[best], level);
    }

    // --- training

    /** What the English patterns make of each example (null: nothing), for the candidates with them on top. */
    private static Risk[] englishPatterns(List<RiskNet.Example> examples) {
        TextNormaliser normaliser = new TextNormaliser();
        RiskPatterns patterns = new RiskPatterns();
        Risk[] out = new Risk[examples.size()];
        for (int i = 0; i < out.length; i++) {
            RiskPatterns.Match m = patterns.assess(normaliser.normalise(examples.get(i).text())).match();
            out[i] = m == null ? null : new Risk(m.level(), m.category(), m.cue());
        }
        return out;
    }

    /**
     * Cross-validates the candidates on a language's risk lines (and its NLU sentences as ordinary ones), picks
     * one, and trains it on all of them.
     */
    static LanguageRiskNet train(List<String> lines, RiskPhrases phrases, String language) {
        List<RiskNet.Example> examples = RiskNet.examples(lines);
        List<List<String>> words = examples.stream().map(e -> CharGrams.words(e.text())).toList();
        List<SparseVector> vectors = words.stream().map(CharGrams::vectorOfWords).toList();
        List<String> labels = labels(examples);
        int[] fold = Folds.stratified(examples.stream().map(e -> e.ordinary() ? "ordinary" : e.label()).toList(),
                FOLDS, SEED);
        RiskNet.Judgement[][] oof = new RiskNet.Judgement[Way.values().length][examples.size()];
        for (int f = 0; f < FOLDS; f++) {
            SparseMlp n = fitNet(examples, vectors, labels, fold, f);
            DoccatModel m = fitMaxent(examples, words, fold, f);
            DocumentCategorizerME me = new DocumentCategorizerME(m);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    for (Way w : Way.values()) {
                        oof[w.ordinal()][i] = w == Way.NET_AND_WORDS ? oof[Way.NET.ordinal()][i]
                                : judge(w, n, me, words.get(i));
                    }
                }
            }
        }
        Risk[] english = englishPatterns(examples);
        Risk[] phrased = new Risk[examples.size()];
        for (int i = 0; i < phrased.length; i++) {
            phrased[i] = phrases.match(CharGrams.normalise(examples.get(i).text()));
        }
        long hard = examples.stream().filter(e -> !e.risky() && !e.ordinary()).count();
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%s risk: %d-fold cross-validation on the training lines (%d risky, "
                        + "%d hard negatives, %d ordinary NLU sentences; %d phrases), each fold judged with thresholds "
                        + "from the others; nothing from any kept-apart set%n", language, FOLDS,
                examples.stream().filter(RiskNet.Example::risky).count(), hard,
                examples.stream().filter(RiskNet.Example::ordinary).count(), phrases.size()));
        if (hard == 0) {
            report.append("no hard negatives: the false-alarm budgets are the ordinary sentences'\n");
        }
        report.append("candidate                     recall  level   crisis FA  checks  ordinary raised\n");
        Way bestWay = Way.NET;
        boolean bestPatterns = false;
        double[] best = null;
        for (boolean withPatterns : new boolean[] {false, true}) {
            for (Way w : Way.values()) {
                double[] figures = crossValidated(examples, oof[w.ordinal()], fold, withPatterns ? english : null,
                        phrased, w == Way.NET_AND_WORDS ? oof[Way.MAXENT.ordinal()] : null);
                report.append(String.format(Locale.ROOT, "  %-27s %.3f   %.3f   %5.1f%%    %5.1f%%  %5.1f%%%n",
                        w + (withPatterns ? " + English patterns" : ""), figures[0], figures[1], 100 * figures[2],
                        100 * figures[3], 100 * figures[4]));
                if (better(figures, best)) {
                    best = figures;
                    bestWay = w;
                    bestPatterns = withPatterns;
                }
            }
        }
        report.append(String.format(Locale.ROOT, "chosen: %s%s%n", bestWay, bestPatterns ? " + English patterns"
                : ""));
        double[] t = thresholds(examples, oof[bestWay.ordinal()], null, bestPatterns ? english : null, phrased);
        double wordsAt = bestWay == Way.NET_AND_WORDS ? wordsThreshold(examples, oof[Way.MAXENT.ordinal()], null,
                bestPatterns ? english : null, phrased) : 1.0;
        report.append(String.format(Locale.ROOT, "trained on every line: check from %.3f, crisis from %.3f%s%n",
                t[0], t[1], bestWay == Way.NET_AND_WORDS ? String.format(Locale.ROOT, ", words urgent from %.3f",
                        wordsAt) : ""));
        SparseMlp n = bestWay.net() ? fitNet(examples, vectors, labels, null, -1) : null;
        DoccatModel m = bestWay.maxent() ? fitMaxent(examples, words, null, -1) : null;
        return new LanguageRiskNet(bestWay, bestPatterns, n, m, t[0], t[1], wordsAt, report.toString());
    }

    /** Within the targets beats outside them; then recall; then the level reached. */
    private static boolean better(double[] a, double[] b) {
        if (b == null) {
            return true;
        }
        boolean aWithin = a[2] <= CRISIS_TARGET && a[3] <= CHECK_TARGET;
        boolean bWithin = b[2] <= CRISIS_TARGET && b[3] <= CHECK_TARGET;
        if (aWithin != bWithin) {
            return aWithin;
        }
        if (Math.abs(a[0] - b[0]) > 1e-9) {
            return a[0] > b[0];
        }
        return a[1] > b[1] + 1e-9;
    }

    /**
     * {recall, level reached, crisis false alarms, check questions, ordinary raised} of out-of-fold judgements,
     * each fold banded by thresholds from the other folds' judgements, with the phrases (and the English patterns,
     * when given) deciding first.
     */
    private static double[] crossValidated(List<RiskNet.Example> examples, RiskNet.Judgement[] oof, int[] fold,
                                           Risk[] english, Risk[] phrased, RiskNet.Judgement[] maxent) {
        int caught = 0;
        int levelReached = 0;
        int risky = 0;
        int crisis = 0;
        int checks = 0;
        int hard = 0;
        int ordinaryRaised = 0;
        int ordinary = 0;
        boolean anyHard = examples.stream().anyMatch(e -> !e.risky() && !e.ordinary());
        for (int f = 0; f < FOLDS; f++) {
            boolean[] include = new boolean[examples.size()];
            for (int i = 0; i < include.length; i++) {
                include[i] = fold[i] != f;
            }
            double[] t = thresholds(examples, oof, include, english, phrased);
            double wordsAt = maxent == null ? 1.0 : wordsThreshold(examples, maxent, include, english, phrased);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    continue;
                }
                RiskNet.Example e = examples.get(i);
                Risk r = decide(oof[i], t, english == null ? null : english[i], phrased[i]);
                r = maxent == null ? r : Risk.moreSerious(r, words(maxent[i], wordsAt));
                String band = r == null ? "none" : r.band();
                if (e.risky()) {
                    risky++;
                    String needed = e.label().split(":")[1];
                    caught += r != null ? 1 : 0;
                    levelReached += RiskEvaluation.rank(band) >= RiskEvaluation.rank(needed) ? 1 : 0;
                } else if (e.ordinary() && anyHard) {
                    ordinary++;
                    ordinaryRaised += r != null ? 1 : 0;
                } else {
                    hard++;
                    crisis += r != null && r.risky() ? 1 : 0;
                    checks += r != null && r.check() ? 1 : 0;
                }
            }
        }
        return new double[] {ratio(caught, risky), ratio(levelReached, risky), ratio(crisis, hard),
            ratio(checks, hard), ratio(ordinaryRaised, ordinary)};
    }

    private static double ratio(int n, int of) {
        return of == 0 ? 0 : (double) n / of;
    }

    /** The phrases' risk, the English patterns', or the nets' band: the most serious. */
    static Risk decide(RiskNet.Judgement j, double[] t, Risk english, Risk phrased) {
        Risk net = RiskNet.band(j, t[0], t[1], RiskNet.EMBEDDING_CUE);
        return Risk.moreSerious(Risk.moreSerious(phrased, english), net);
    }

    /**
     * {check, crisis} thresholds as {@link RiskNet#thresholds} chooses them, with the hard negatives' budgets; a
     * language with no hard negatives yet has them taken from its ordinary sentences instead.
     */
    static double[] thresholds(List<RiskNet.Example> examples, RiskNet.Judgement[] oof, boolean[] include,
                               Risk[] english, Risk[] phrased) {
        boolean anyHard = examples.stream().anyMatch(e -> !e.risky() && !e.ordinary());
        List<RiskNet.Example> asJudged = anyHard ? examples : examples.stream().map(e -> e.ordinary()
                ? new RiskNet.Example(e.label(), e.text(), false) : e).toList();
        double[] risk = new double[oof.length];
        boolean[] checkLevel = new boolean[oof.length];
        boolean[] decided = new boolean[oof.length];
        for (int i = 0; i < oof.length; i++) {
            risk[i] = oof[i].risk();
            checkLevel[i] = RiskNet.CHECK.equals(oof[i].level());
            decided[i] = phrased[i] != null || english != null && english[i] != null;
        }
        return RiskNet.thresholds(asJudged, risk, checkLevel, decided, include, RiskNet.DEFAULT);
    }

    private static List<String> labels(List<RiskNet.Example> examples) {
        List<String> labels = new ArrayList<>(new TreeSet<>(examples.stream().map(RiskNet.Example::label).toList()));
        if (!labels.contains(RiskNet.NONE)) {
            labels.add(0, RiskNet.NONE);
        }
        return labels;
    }

    private static SparseMlp fitNet(List<RiskNet.Example> examples, List<SparseVector> vectors, List<String> labels,
                                    int[] fold, int heldOut) {
        List<SparseVector> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (fold == null || fold[i] != heldOut) {
                x.add(vectors.get(i));
                y.add(labels.indexOf(examples.get(i).label()));
            }
        }
        return SparseMlp.train(CharGrams.DIMS, x, y.stream().mapToInt(Integer::intValue).toArray(), labels, NET,
                SEED);
    }

    private static DoccatModel fitMaxent(List<RiskNet.Example> examples, List<List<String>> words, int[] fold,
                                         int heldOut) {
        List<DocumentSample> samples = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if ((fold == null || fold[i] != heldOut) && !words.get(i).isEmpty()) {
                samples.add(new DocumentSample(examples.get(i).label(), words.get(i).toArray(String[]::new)));
            }
        }
        // the NLU's maxent (L-BFGS, L2-regularised): GIS on these features is far behind in cross-validation
        TrainingParameters params = new TrainingParameters();
        params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
        params.put(TrainingParameters.ITERATIONS_PARAM, 100);
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        params.put("L2Cost", 0.01);
        params.put("L1Cost", 0.0);
        params.put("Threads", 1);
        try {
            FeatureGenerator[] generators = {new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2),
                new CharGramFeatures()};
            return DocumentCategorizerME.train("xx", ObjectStreamUtils.createObjectStream(samples), params,
                    new DoccatFactory(generators));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- storage

    byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new java.util.zip.GZIPOutputStream(bytes))) {
            out.writeInt(FORMAT);
            out.writeUTF(way.name());
            out.writeBoolean(englishPatterns);
            out.writeDouble(checkAt);
            out.writeDouble(crisisAt);
            out.writeDouble(wordsAt);
            if (net != null) {
                net.write(out);
            }
            if (maxent != null) {
                ByteArrayOutputStream m = new ByteArrayOutputStream();
                maxent.serialize(m);
                byte[] stable = StableZip.of(m.toByteArray());
                out.writeInt(stable.length);
                out.write(stable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static LanguageRiskNet read(byte[] bytes, String report) throws IOException {
        // buffered: a bare gzip stream inflates for every few bytes read
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new java.util.zip.GZIPInputStream(
                new ByteArrayInputStream(bytes), 1 << 16), 1 << 16))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("unknown language risk net format");
            }
            Way way = Way.valueOf(in.readUTF());
            boolean patterns = in.readBoolean();
            double checkAt = in.readDouble();
            double crisisAt = in.readDouble();
            double wordsAt = in.readDouble();
            SparseMlp net = way.net() ? SparseMlp.read(in) : null;
            DoccatModel maxent = null;
            if (way.maxent()) {
                int n = in.readInt();
                if (n < 0 || n > 500_000_000) {
                    throw new IOException("implausible maxent size");
                }
                maxent = new DoccatModel(new ByteArrayInputStream(in.readNBytes(n)));
            }
            return new LanguageRiskNet(way, patterns, net, maxent, checkAt, crisisAt, wordsAt, report);
        }
    }

    private static RiskCategory category(String code) {
        for (RiskCategory c : RiskCategory.values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown risk category " + code);
    }
}
