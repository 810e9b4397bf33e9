package org.waymark.nlu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.waymark.embedding.CharGrams;
import org.waymark.embedding.Folds;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.SparseMlp;
import org.waymark.embedding.SparseVector;
import org.waymark.taxonomy.Need;

/**
 * The intent and needs models of a language the sentence embeddings do not know (MiniLM is English only): on words
 * and character n-grams. Two learners are candidates for each: OpenNLP's maxent on the features the English intent
 * model uses ({@link IntentClassifier}, {@link NeedsClassifier}), and our one-hidden-layer net on hashed character
 * n-grams ({@link SparseMlp} over {@link CharGrams}); for intents also their mean, for needs also either (a need
 * either finds counts), each on the whole message or also sentence by sentence. Which one a language gets is chosen
 * when it is trained, by {@value #FOLDS}-fold cross-validation on that language's training data alone (intent
 * accuracy; needs micro-F1), so a new language gets the learner its own data favour; the figures are kept beside the
 * models ({@value #REPORT_FILE}). Nothing is ever chosen on a kept-apart set. Immutable and thread-safe.
 */
final class LanguageModels {

    static final String PIPELINE_VERSION = "waymark-nlu-language-2";
    static final String MODELS_FILE = "models.bin.gz";
    static final String HASH_FILE = NluModels.HASH_FILE;
    static final String REPORT_FILE = "cross-validation.md";
    static final int FOLDS = 5;
    private static final long SEED = 17L;
    private static final int FORMAT = 2;
    /** The nets' hidden units, passes and L2. */
    static final Mlp.Settings NET = new Mlp.Settings(64, 20, 1e-5);

    /** How intents are ranked. */
    enum IntentWay { MAXENT, NET, MEAN }

    /** How needs are found: which learner, and whether each sentence is read on its own too. */
    enum NeedsWay {
        MAXENT(false), NET(false), EITHER(false), MAXENT_BY_SENTENCE(true), NET_BY_SENTENCE(true),
        EITHER_BY_SENTENCE(true);

        final boolean bySentence;

        NeedsWay(boolean bySentence) {
            this.bySentence = bySentence;
        }

        boolean maxent() {
            return this != NET && this != NET_BY_SENTENCE;
        }

        boolean net() {
            return this != MAXENT && this != MAXENT_BY_SENTENCE;
        }
    }

    private final IntentWay intentWay;
    private final IntentClassifier intentMaxent;
    private final SparseMlp intentNet;
    private final NeedsWay needsWay;
    private final NeedsClassifier needsMaxent;
    private final SparseMlp needsNet;
    private final double[] needThresholds;
    private final String dataHash;
    private final String report;
    /** Position of each of the net's intents among the maxent's, for the mean. */
    private final List<String> intentLabels;

    private LanguageModels(IntentWay intentWay, IntentClassifier intentMaxent, SparseMlp intentNet, NeedsWay needsWay,
                           NeedsClassifier needsMaxent, SparseMlp needsNet, double[] needThresholds, String dataHash,
                           String report) {
        this.intentWay = intentWay;
        this.intentMaxent = intentMaxent;
        this.intentNet = intentNet;
        this.needsWay = needsWay;
        this.needsMaxent = needsMaxent;
        this.needsNet = needsNet;
        this.needThresholds = needThresholds;
        this.dataHash = dataHash;
        this.report = report;
        this.intentLabels = intentNet != null ? intentNet.labels()
                : List.copyOf(intentMaxent.labels().stream().sorted().toList());
    }

    IntentWay intentWay() {
        return intentWay;
    }

    NeedsWay needsWay() {
        return needsWay;
    }

    String dataHash() {
        return dataHash;
    }

    /** The cross-validation figures the choice was made on. */
    String report() {
        return report;
    }

    Set<String> intentLabels() {
        return Set.copyOf(intentLabels);
    }

    /** The hash the stored models must carry: the data's and this pipeline's. */
    static String hash(TrainingData data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(PIPELINE_VERSION.getBytes(StandardCharsets.UTF_8));
            sha.update(data.hash().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- ranking

    /** Every intent with its probability, best first. */
    List<IntentScore> rankIntents(String raw, List<String> tokens) {
        double[] p = intentProbabilities(raw, tokens, intentWay, intentMaxent, intentNet, intentLabels);
        List<IntentScore> out = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            out.add(new IntentScore(intentLabels.get(i), p[i]));
        }
        out.sort(java.util.Comparator.comparingDouble(IntentScore::confidence).reversed());
        return out;
    }

    private static double[] intentProbabilities(String raw, List<String> tokens, IntentWay way,
                                                IntentClassifier maxent, SparseMlp net, List<String> labels) {
        double[] out = new double[labels.size()];
        if (way != IntentWay.NET) {
            for (IntentScore s : maxent.rankTokens(tokens)) {
                int i = labels.indexOf(s.name());
                if (i >= 0) {
                    out[i] += way == IntentWay.MEAN ? 0.5 * s.confidence() : s.confidence();
                }
            }
        }
        if (way != IntentWay.MAXENT) {
            double[] p = net.probabilities(CharGrams.vector(raw));
            for (int i = 0; i < p.length; i++) {
                out[labels.indexOf(net.labels().get(i))] += way == IntentWay.MEAN ? 0.5 * p[i] : p[i];
            }
        }
        return out;
    }

    /** The needs of a message: of the whole, and with a by-sentence way of each sentence too. */
    Set<Need> needs(String raw) {
        return needs(raw, needsWay, needsMaxent, needsNet, needThresholds);
    }

    private static Set<Need> needs(String raw, NeedsWay way, NeedsClassifier maxent, SparseMlp net,
                                   double[] thresholds) {
        Set<Need> out = EnumSet.noneOf(Need.class);
        List<String> parts = new ArrayList<>();
        parts.add(raw);
        if (way.bySentence) {
            List<String> clauses = EmbeddingNeeds.clauses(raw);
            if (clauses.size() > 1) {
                parts.addAll(clauses);
            }
        }
        for (String part : parts) {
            if (way.maxent()) {
                out.addAll(maxent.needs(part));
            }
            if (way.net()) {
                out.addAll(above(net.probabilities(CharGrams.vector(part)), thresholds));
            }
        }
        return out;
    }

    private static Set<Need> above(double[] p, double[] thresholds) {
        Set<Need> out = EnumSet.noneOf(Need.class);
        Need[] needs = Need.values();
        for (int n = 0; n < needs.length; n++) {
            if (p[n] >= thresholds[n]) {
                out.add(needs[n]);
            }
        }
        return out;
    }

    // --- training and the choice

    /** Cross-validates the candidates on {@code data}, picks the best of each, trains it on all of it. */
    static LanguageModels train(TrainingData data, String language) {
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%s: %d-fold cross-validation on the training data (%d intent "
                + "examples, %d need examples), %s%n", language, FOLDS, data.intentExamples().size(),
                data.needs().size(), "nothing from any kept-apart set"));
        List<IntentClassifier.Example> intentExamples = data.intentExamples();
        IntentWay intentWay = chooseIntents(intentExamples, report);
        List<EmbeddingNeeds.Example> needExamples = EmbeddingNeeds.examples(data);
        NeedsChoice needsChoice = chooseNeeds(needExamples, report);
        NeedsWay needsWay = needsChoice.way();

        IntentClassifier maxent = intentWay != IntentWay.NET ? IntentClassifier.train(intentExamples) : null;
        SparseMlp intentNet = intentWay != IntentWay.MAXENT ? intentNet(intentExamples, null, -1) : null;
        NeedsClassifier needsMaxent = needsWay.maxent()
                ? NeedsClassifier.train(needExamples, needsChoice.maxentThreshold()) : null;
        SparseMlp needsNet = null;
        double[] thresholds = new double[Need.values().length];
        if (needsWay.net()) {
            List<SparseVector> vectors = needExamples.stream().map(e -> CharGrams.vector(e.text())).toList();
            int[] fold = EmbeddingNeeds.folds(needExamples, FOLDS);
            double[][] oof = new double[needExamples.size()][];
            for (int f = 0; f < FOLDS; f++) {
                SparseMlp m = needsNet(needExamples, vectors, fold, f);
                for (int i = 0; i < oof.length; i++) {
                    if (fold[i] == f) {
                        oof[i] = m.probabilities(vectors.get(i));
                    }
                }
            }
            thresholds = EmbeddingNeeds.bestThresholds(needExamples, oof);
            needsNet = needsNet(needExamples, vectors, null, -1);
        }
        report.append(String.format(Locale.ROOT, "chosen: intents %s, needs %s%s%n", intentWay, needsWay,
                needsWay.maxent() ? String.format(Locale.ROOT, " (maxent threshold %.2f)",
                        needsChoice.maxentThreshold()) : ""));
        return new LanguageModels(intentWay, maxent, intentNet, needsWay, needsMaxent, needsNet, thresholds,
                hash(data), report.toString());
    }

    private static IntentWay chooseIntents(List<IntentClassifier.Example> examples, StringBuilder report) {
        List<String> labels = examples.stream().map(IntentClassifier.Example::label).distinct().sorted().toList();
        int[] fold = Folds.stratified(examples.stream().map(IntentClassifier.Example::label).toList(), FOLDS, SEED);
        int[] right = new int[IntentWay.values().length];
        // how often the parse would keep the best intent rather than fall back (confidence and margin as English's)
        int[] sure = new int[IntentWay.values().length];
        int[] sureRight = new int[IntentWay.values().length];
        double minConfidence = Double.parseDouble(NluSettings.DEFAULT_MIN_CONFIDENCE);
        double minMargin = Double.parseDouble(NluSettings.DEFAULT_MIN_MARGIN);
        for (int f = 0; f < FOLDS; f++) {
            List<IntentClassifier.Example> train = Folds.outside(examples, fold, f);
            IntentClassifier maxent = IntentClassifier.train(train);
            SparseMlp net = intentNet(examples, fold, f);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    continue;
                }
                IntentClassifier.Example e = examples.get(i);
                List<String> tokens = TextNormaliser.tokens(e.text());
                for (IntentWay way : IntentWay.values()) {
                    double[] p = intentProbabilities(e.text(), tokens, way, maxent, net, labels);
                    int best = 0;
                    for (int k = 1; k < p.length; k++) {
                        best = p[k] > p[best] ? k : best;
                    }
                    double second = 0;
                    for (int k = 0; k < p.length; k++) {
                        second = k != best ? Math.max(second, p[k]) : second;
                    }
                    boolean isRight = labels.get(best).equals(e.label());
                    right[way.ordinal()] += isRight ? 1 : 0;
                    if (p[best] >= minConfidence && p[best] - second >= minMargin) {
                        sure[way.ordinal()]++;
                        sureRight[way.ordinal()] += isRight ? 1 : 0;
                    }
                }
            }
        }
        report.append("intents             accuracy         sure (confidence 0.4, margin 0.1)  right when sure\n");
        IntentWay chosen = IntentWay.MAXENT;
        for (IntentWay way : IntentWay.values()) {
            int w = way.ordinal();
            report.append(String.format(Locale.ROOT, "  %-17s %.4f (%d/%d)  %.4f                            %.4f%n",
                    way, (double) right[w] / examples.size(), right[w], examples.size(),
                    (double) sure[w] / examples.size(), sure[w] == 0 ? 0 : (double) sureRight[w] / sure[w]));
            chosen = right[way.ordinal()] > right[chosen.ordinal()] ? way : chosen;
        }
        return chosen;
    }

    /** The maxent needs thresholds cross-validation chooses among (English's is 0.25). */
    static final double[] MAXENT_THRESHOLDS = {0.15, 0.2, 0.25, 0.3, 0.35};

    /** A needs way and, for the ways with the maxent, its threshold. */
    record NeedsChoice(NeedsWay way, double maxentThreshold) {
    }

    private static NeedsChoice chooseNeeds(List<EmbeddingNeeds.Example> examples, StringBuilder report) {
        int[] fold = EmbeddingNeeds.folds(examples, FOLDS);
        List<SparseVector> vectors = examples.stream().map(e -> CharGrams.vector(e.text())).toList();
        int n = examples.size();
        int kinds = MAXENT_THRESHOLDS.length;
        // the net's out-of-fold probabilities of the whole message and of each of its sentences; the maxent's needs
        // at each threshold, of the whole message and also sentence by sentence
        double[][] whole = new double[n][];
        List<List<double[]>> sentences = new ArrayList<>();
        List<List<Set<Need>>> maxentWhole = new ArrayList<>();
        List<List<Set<Need>>> maxentBySentence = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sentences.add(null);
            maxentWhole.add(null);
            maxentBySentence.add(null);
        }
        for (int f = 0; f < FOLDS; f++) {
            List<EmbeddingNeeds.Example> train = Folds.outside(examples, fold, f);
            NeedsClassifier trained = NeedsClassifier.train(train, NluModels.NEED_THRESHOLD);
            List<NeedsClassifier> maxents = new ArrayList<>();
            for (double t : MAXENT_THRESHOLDS) {
                maxents.add(trained.withThreshold(t));
            }
            SparseMlp net = needsNet(examples, vectors, fold, f);
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    continue;
                }
                String text = examples.get(i).text();
                whole[i] = net.probabilities(vectors.get(i));
                List<String> clauses = EmbeddingNeeds.clauses(text);
                List<double[]> bySentence = new ArrayList<>();
                if (clauses.size() > 1) {
                    for (String c : clauses) {
                        bySentence.add(net.probabilities(CharGrams.vector(c)));
                    }
                }
                sentences.set(i, bySentence);
                List<Set<Need>> w = new ArrayList<>();
                List<Set<Need>> b = new ArrayList<>();
                for (NeedsClassifier m : maxents) {
                    Set<Need> found = m.needs(text);
                    w.add(found);
                    Set<Need> more = EnumSet.noneOf(Need.class);
                    more.addAll(found);
                    if (clauses.size() > 1) {
                        clauses.forEach(c -> more.addAll(m.needs(c)));
                    }
                    b.add(more);
                }
                maxentWhole.set(i, w);
                maxentBySentence.set(i, b);
            }
        }
        // each fold judged with thresholds chosen on the other folds' out-of-fold predictions
        double[][] thresholdsFor = new double[FOLDS][];
        for (int f = 0; f < FOLDS; f++) {
            List<EmbeddingNeeds.Example> others = new ArrayList<>();
            List<double[]> probabilities = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    others.add(examples.get(i));
                    probabilities.add(whole[i]);
                }
            }
            thresholdsFor[f] = EmbeddingNeeds.bestThresholds(others, probabilities.toArray(double[][]::new));
        }
        report.append("needs               micro-F1  precision  recall  (maxent threshold, chosen on the other folds;"
                + " on all)\n");
        NeedsChoice chosen = new NeedsChoice(NeedsWay.MAXENT, NluModels.NEED_THRESHOLD);
        double best = -1;
        int standard = java.util.Arrays.binarySearch(MAXENT_THRESHOLDS, NluModels.NEED_THRESHOLD);
        for (NeedsWay way : NeedsWay.values()) {
            long[] total = new long[3];
            for (int f = 0; f < FOLDS; f++) {
                int k = standard;
                if (way.maxent()) {
                    double bestF1 = -1;
                    for (int c = 0; c < kinds; c++) {
                        long[] counts = needCounts(way, c, fold, f, false, examples, whole, sentences, maxentWhole,
                                maxentBySentence, thresholdsFor);
                        double f1 = f1(counts);
                        if (f1 > bestF1) {
                            bestF1 = f1;
                            k = c;
                        }
                    }
                }
                long[] counts = needCounts(way, k, fold, f, true, examples, whole, sentences, maxentWhole,
                        maxentBySentence, thresholdsFor);
                for (int c = 0; c < 3; c++) {
                    total[c] += counts[c];
                }
            }
            int onAll = standard;
            if (way.maxent()) {
                double bestF1 = -1;
                for (int c = 0; c < kinds; c++) {
                    double f1 = f1(needCounts(way, c, fold, -1, false, examples, whole, sentences, maxentWhole,
                            maxentBySentence, thresholdsFor));
                    if (f1 > bestF1) {
                        bestF1 = f1;
                        onAll = c;
                    }
                }
            }
            double precision = total[0] + total[1] == 0 ? 0 : (double) total[0] / (total[0] + total[1]);
            double recall = total[0] + total[2] == 0 ? 0 : (double) total[0] / (total[0] + total[2]);
            double f1 = f1(total);
            report.append(String.format(Locale.ROOT, "  %-18s %.4f    %.4f     %.4f%s%n", way, f1, precision, recall,
                    way.maxent() ? String.format(Locale.ROOT, "  (%.2f)", MAXENT_THRESHOLDS[onAll]) : ""));
            if (f1 > best) {
                best = f1;
                chosen = new NeedsChoice(way, MAXENT_THRESHOLDS[onAll]);
            }
        }
        return chosen;
    }

    private static double f1(long[] counts) {
        return counts[0] == 0 ? 0 : 2.0 * counts[0] / (2.0 * counts[0] + counts[1] + counts[2]);
    }

    /**
     * {true positives, false positives, false negatives} of a needs way with the maxent at threshold {@code k}, over
     * fold {@code f} ({@code inFold}) or every other fold (all folds for {@code f} -1).
     */
    private static long[] needCounts(NeedsWay way, int k, int[] fold, int f, boolean inFold,
                                     List<EmbeddingNeeds.Example> examples, double[][] whole,
                                     List<List<double[]>> sentences, List<List<Set<Need>>> maxentWhole,
                                     List<List<Set<Need>>> maxentBySentence, double[][] thresholdsFor) {
        long[] out = new long[3];
        for (int i = 0; i < examples.size(); i++) {
            if (f >= 0 && (fold[i] == f) != inFold) {
                continue;
            }
            Set<Need> found = EnumSet.noneOf(Need.class);
            if (way.maxent()) {
                found.addAll(way.bySentence ? maxentBySentence.get(i).get(k) : maxentWhole.get(i).get(k));
            }
            if (way.net()) {
                double[] t = thresholdsFor[fold[i]];
                found.addAll(above(whole[i], t));
                if (way.bySentence) {
                    sentences.get(i).forEach(p -> found.addAll(above(p, t)));
                }
            }
            Set<Need> expected = examples.get(i).needs();
            for (Need need : found) {
                out[expected.contains(need) ? 0 : 1]++;
            }
            out[2] += expected.stream().filter(need -> !found.contains(need)).count();
        }
        return out;
    }

    /** The intent net on every example, or on all but fold {@code heldOut}. */
    private static SparseMlp intentNet(List<IntentClassifier.Example> examples, int[] fold, int heldOut) {
        List<String> labels = examples.stream().map(IntentClassifier.Example::label).distinct().sorted().toList();
        List<SparseVector> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (fold == null || fold[i] != heldOut) {
                x.add(CharGrams.vector(examples.get(i).text()));
                y.add(labels.indexOf(examples.get(i).label()));
            }
        }
        return SparseMlp.train(CharGrams.DIMS, x, y.stream().mapToInt(Integer::intValue).toArray(), labels, NET,
                SEED);
    }

    /** The needs net (one sigmoid per need, in {@link Need} order) on every example or all but one fold. */
    private static SparseMlp needsNet(List<EmbeddingNeeds.Example> examples, List<SparseVector> vectors, int[] fold,
                                      int heldOut) {
        Need[] needs = Need.values();
        List<SparseVector> x = new ArrayList<>();
        List<boolean[]> y = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (fold == null || fold[i] != heldOut) {
                boolean[] t = new boolean[needs.length];
                examples.get(i).needs().forEach(n -> t[n.ordinal()] = true);
                x.add(vectors.get(i));
                y.add(t);
            }
        }
        return SparseMlp.sigmoid(CharGrams.DIMS, x, y.toArray(boolean[][]::new),
                java.util.Arrays.stream(needs).map(Need::code).toList(), NET, SEED);
    }

    // --- storage

    /** Writes the models, the report and then the hash, each through a temporary file. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(FORMAT);
            out.writeUTF(intentWay.name());
            out.writeUTF(needsWay.name());
            out.writeDouble(needsMaxent == null ? NluModels.NEED_THRESHOLD : needsMaxent.threshold());
            if (intentMaxent != null) {
                ByteArrayOutputStream m = new ByteArrayOutputStream();
                intentMaxent.write(m);
                blob(out, m.toByteArray());
            }
            if (intentNet != null) {
                intentNet.write(out);
            }
            if (needsMaxent != null) {
                ByteArrayOutputStream m = new ByteArrayOutputStream();
                needsMaxent.write(m);
                blob(out, m.toByteArray());
            }
            if (needsNet != null) {
                for (double t : needThresholds) {
                    out.writeDouble(t);
                }
                needsNet.write(out);
            }
        }
        atomically(dir.resolve(MODELS_FILE), bytes.toByteArray());
        atomically(dir.resolve(REPORT_FILE), report.getBytes(StandardCharsets.UTF_8));
        atomically(dir.resolve(HASH_FILE), (dataHash + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The stored models, if they were built from exactly this data by this pipeline. */
    static Optional<LanguageModels> readIfFresh(TrainingData.Source source, String dataHash) {
        try {
            String stored = new String(source.read(HASH_FILE), StandardCharsets.UTF_8).trim();
            if (!stored.equals(dataHash)) {
                return Optional.empty();
            }
            String report;
            try {
                report = new String(source.read(REPORT_FILE), StandardCharsets.UTF_8);
            } catch (IOException e) {
                report = "";
            }
            // buffered: a bare gzip stream inflates for every few bytes read
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(
                    new ByteArrayInputStream(source.read(MODELS_FILE)), 1 << 16), 1 << 16))) {
                if (in.readInt() != FORMAT) {
                    return Optional.empty();
                }
                IntentWay intentWay = IntentWay.valueOf(in.readUTF());
                NeedsWay needsWay = NeedsWay.valueOf(in.readUTF());
                double needThreshold = in.readDouble();
                IntentClassifier intentMaxent = intentWay != IntentWay.NET
                        ? IntentClassifier.read(new ByteArrayInputStream(blob(in)), Features.DEFAULT) : null;
                SparseMlp intentNet = intentWay != IntentWay.MAXENT ? SparseMlp.read(in) : null;
                NeedsClassifier needsMaxent = needsWay.maxent()
                        ? NeedsClassifier.read(new ByteArrayInputStream(blob(in)), needThreshold) : null;
                SparseMlp needsNet = null;
                double[] thresholds = new double[Need.values().length];
                if (needsWay.net()) {
                    for (int i = 0; i < thresholds.length; i++) {
                        thresholds[i] = in.readDouble();
                    }
                    needsNet = SparseMlp.read(in);
                }
                return Optional.of(new LanguageModels(intentWay, intentMaxent, intentNet, needsWay, needsMaxent,
                        needsNet, thresholds, dataHash, report));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void blob(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] blob(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 500_000_000) {
            throw new IOException("implausible model size " + n);
        }
        return in.readNBytes(n);
    }

    private static void atomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Prints the report of freshly trained models. */
    void printReport(PrintStream out) {
        out.print(report);
    }
}
