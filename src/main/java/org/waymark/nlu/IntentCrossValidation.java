package org.waymark.nlu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.waymark.embedding.Folds;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * {@code nlu cv-intents BENCHMARK_DIR [MODELS_DIR]}: chooses the intent model's maxent L2 cost, its embedding member
 * and the member's weight together, by repeated stratified k-fold cross-validation on training data only: the
 * benchmark's three train files (their test files are never read) and our own intents. For every combination it
 * prints the pooled out-of-fold accuracy, so the shipped {@link IntentClassifier#INTENT_TEXT_L2} and
 * {@link IntentClassifier#EMBEDDING} can be checked and rechosen.
 */
final class IntentCrossValidation {

    static final String[] CORPORA = {"ChatbotCorpus", "AskUbuntuCorpus", "WebApplicationsCorpus"};
    static final int FOLDS = 5;
    static final long[] SEEDS = {1L, 2L, 3L, 4L, 5L};
    static final double[] WEIGHTS = {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0};
    /**
     * The maxent's L2 costs of the grid, the shipped one first: the fourth grid keeps the third's pick, 0.03 (the
     * third grid, five costs, is rerun from commit 063e9e9).
     */
    static final double[] TEXT_L2 = {0.03};
    /** How much lower on our own intents a pick other than the shipped combination may be, and still ship. */
    static final double OWN_INTENTS_TOLERANCE = 0.005;

    /**
     * The embedding members of the fourth grid (docs/intents-benchmark.md), fixed before it was run: the shipped net
     * first, so that another must beat it outright; then members of another kind, which learn no boundary but keep
     * their examples ({@code embedding/Prototypes}): centroids, each label's nearest example, the mean of its three
     * nearest, each at softmax temperatures 0.02, 0.05 and 0.1; then the shipped net averaged with each kind of
     * prototypes at 0.05. The first grid (linear softmax models and single nets) and the second and third (bags of
     * nets; the maxent's cost with them) chose the shipped net; their tables are in the same file, and they are rerun
     * from commits 756603e, 2bbfccd and 063e9e9.
     */
    static List<IntentClassifier.EmbeddingMember> members() {
        List<IntentClassifier.EmbeddingMember> out = new ArrayList<>();
        out.add(IntentClassifier.EmbeddingMember.mlp(128, 50, 1e-4, 0.5));
        for (int k : new int[] {0, 1, 3}) {
            for (double t : new double[] {0.02, 0.05, 0.1}) {
                out.add(IntentClassifier.EmbeddingMember.prototypes(k, t, 0.5));
            }
        }
        for (int k : new int[] {0, 1, 3}) {
            out.add(IntentClassifier.EmbeddingMember.mlpAndPrototypes(128, 50, 1e-4, k, 0.05, 0.5));
        }
        return out;
    }

    /** One combination: the maxent's L2 cost, the member's index in {@link #members()} (-1 for none), its weight. */
    record Choice(int text, int member, double weight) {

        String describe(List<IntentClassifier.EmbeddingMember> members, double[] textL2) {
            return String.format(Locale.ROOT, "maxent l2=%s, %s", textL2[text],
                    member < 0 ? "no embedding member" : members.get(member).describe() + " @" + weight);
        }
    }

    /** The grid in the order it is listed, so that ties go to the first: the shipped L2 first, none first in it. */
    static List<Choice> grid(int texts, int members) {
        List<Choice> out = new ArrayList<>();
        for (int t = 0; t < texts; t++) {
            out.add(new Choice(t, -1, 0));
            for (int m = 0; m < members; m++) {
                for (double w : WEIGHTS) {
                    out.add(new Choice(t, m, w));
                }
            }
        }
        return out;
    }

    /** Out-of-fold probabilities of one dataset, per repeat: each text model's and each member's. */
    record Dataset(String name, List<IntentClassifier.Example> examples, List<String> labels,
                   List<List<double[][]>> text, List<List<double[][]>> embedded) {

        int correct(int seed, Choice choice) {
            int correct = 0;
            for (int i = 0; i < examples.size(); i++) {
                double[] t = text.get(seed).get(choice.text())[i];
                double[] e = choice.member() < 0 ? t : embedded.get(seed).get(choice.member())[i];
                double weight = choice.member() < 0 ? 0 : choice.weight();
                int best = 0;
                double bestP = -1;
                for (int c = 0; c < labels.size(); c++) {
                    double p = (1 - weight) * t[c] + weight * e[c];
                    if (p > bestP) {
                        bestP = p;
                        best = c;
                    }
                }
                correct += labels.get(best).equals(examples.get(i).label()) ? 1 : 0;
            }
            return correct;
        }

        int correct(Choice choice) {
            int n = 0;
            for (int s = 0; s < text.size(); s++) {
                n += correct(s, choice);
            }
            return n;
        }

        int predictions() {
            return examples.size() * text.size();
        }
    }

    static Dataset outOfFold(String name, List<IntentClassifier.Example> examples, double[] textL2,
                             List<IntentClassifier.EmbeddingMember> members, SentenceEmbeddings embeddings,
                             long[] seeds) {
        List<float[]> vectors = embeddings.embedAll(examples.stream().map(IntentClassifier.Example::text).toList());
        List<String> labels = examples.stream().map(IntentClassifier.Example::label).distinct().sorted().toList();
        List<List<double[][]>> text = new ArrayList<>();
        List<List<double[][]>> embedded = new ArrayList<>();
        for (long seed : seeds) {
            int[] fold = Folds.stratified(examples.stream().map(IntentClassifier.Example::label).toList(), FOLDS,
                    seed);
            List<double[][]> t = new ArrayList<>();
            for (int k = 0; k < textL2.length; k++) {
                t.add(new double[examples.size()][]);
            }
            List<double[][]> e = new ArrayList<>();
            members.forEach(c -> e.add(new double[examples.size()][]));
            for (int f = 0; f < FOLDS; f++) {
                List<IntentClassifier.Example> train = Folds.outside(examples, fold, f);
                List<float[]> trainVectors = Folds.outside(vectors, fold, f);
                List<IntentClassifier> textModels = new ArrayList<>();
                for (double l2 : textL2) {
                    textModels.add(IntentClassifier.train(train, Features.DEFAULT, IntentClassifier.maxent(l2)));
                }
                List<IntentClassifier.EmbeddedModel> models = new ArrayList<>();
                for (IntentClassifier.EmbeddingMember c : members) {
                    models.add(IntentClassifier.EmbeddedModel.train(train, trainVectors, c));
                }
                for (int i = 0; i < examples.size(); i++) {
                    if (fold[i] == f) {
                        for (int k = 0; k < textL2.length; k++) {
                            t.get(k)[i] = inOrder(textModels.get(k).rank(examples.get(i).text()), labels);
                        }
                        for (int c = 0; c < members.size(); c++) {
                            e.get(c)[i] = inOrder(models.get(c).rank(vectors.get(i)), labels);
                        }
                    }
                }
            }
            text.add(t);
            embedded.add(e);
        }
        return new Dataset(name, examples, labels, text, embedded);
    }

    private static double[] inOrder(List<IntentScore> ranking, List<String> labels) {
        double[] out = new double[labels.size()];
        for (IntentScore s : ranking) {
            int i = labels.indexOf(s.name());
            if (i >= 0) {
                out[i] = s.confidence();
            }
        }
        return out;
    }

    /**
     * Cross-validates every combination on the benchmark's train files and picks the best pooled accuracy (the first
     * on ties, in {@link #grid} order), then checks the pick against the shipped combination on our own intents (one
     * repeat: they are many and the machine is shared) and says whether it may ship.
     */
    static void run(Path benchmark, Path modelsDir, PrintStream out) throws IOException {
        List<IntentClassifier.EmbeddingMember> members = members();
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        List<Dataset> bench = new ArrayList<>();
        for (String name : CORPORA) {
            bench.add(outOfFold(name, Evaluation.readTsv(benchmark.resolve(name + ".train.tsv")), TEXT_L2, members,
                    embeddings, SEEDS));
        }
        int benchTotal = bench.stream().mapToInt(Dataset::predictions).sum();
        out.printf(Locale.ROOT, "%d-fold stratified cross-validation on the benchmark's train files only, %d repeats"
                + " (seeds %s); out-of-fold accuracy pooled over repeats%n", FOLDS, SEEDS.length,
                java.util.Arrays.toString(SEEDS));
        out.printf(Locale.ROOT, "%-70s %8s %9s %8s %9s%n", "maxent, embedding member @ weight", "Chatbot",
                "AskUbuntu", "WebApps", "pooled");
        Choice best = null;
        int bestCorrect = -1;
        for (Choice choice : grid(TEXT_L2.length, members.size())) {
            int correct = 0;
            double[] row = new double[bench.size()];
            for (int d = 0; d < bench.size(); d++) {
                int n = bench.get(d).correct(choice);
                correct += n;
                row[d] = n / (double) bench.get(d).predictions();
            }
            if (correct > bestCorrect) {
                bestCorrect = correct;
                best = choice;
            }
            out.printf(Locale.ROOT, "%-70s %8.4f %9.4f %8.4f %9.4f%n", choice.describe(members, TEXT_L2), row[0],
                    row[1], row[2], correct / (double) benchTotal);
        }
        Choice shipped = shipped(members);
        out.printf(Locale.ROOT, "best pooled: %s (%.4f)%n", best.describe(members, TEXT_L2),
                bestCorrect / (double) benchTotal);
        out.printf(Locale.ROOT, "shipped: %s%n", shipped == null ? "not in the grid" : shipped.describe(members,
                TEXT_L2));
        if (modelsDir == null || !Files.isRegularFile(modelsDir.resolve(TrainingData.INTENTS_FILE))) {
            return;
        }
        if (best.equals(shipped)) {
            out.println("verdict: the shipped combination stays");
            return;
        }
        // our own intents: the pick and the shipped combination, with only the models they need
        List<Choice> check = shipped == null ? List.of(best) : List.of(best, shipped);
        double[] l2s = check.stream().mapToDouble(c -> TEXT_L2[c.text()]).distinct().toArray();
        List<IntentClassifier.EmbeddingMember> used = check.stream().filter(c -> c.member() >= 0)
                .map(c -> members.get(c.member())).distinct().toList();
        TrainingData data = TrainingData.load(n -> Files.readAllBytes(modelsDir.resolve(n)));
        Dataset own = outOfFold("own intents", data.intentExamples(), l2s, used, embeddings, new long[] {SEEDS[0]});
        out.printf(Locale.ROOT, "own intents (%s, %d examples), %d-fold, seed %d:%n", modelsDir, own.examples().size(),
                FOLDS, SEEDS[0]);
        double[] accuracy = new double[check.size()];
        for (int c = 0; c < check.size(); c++) {
            Choice mine = check.get(c);
            Choice local = new Choice(indexOf(l2s, TEXT_L2[mine.text()]), mine.member() < 0 ? -1
                    : used.indexOf(members.get(mine.member())), mine.weight());
            accuracy[c] = own.correct(local) / (double) own.predictions();
            out.printf(Locale.ROOT, "  %-70s %8.4f%n", mine.describe(members, TEXT_L2), accuracy[c]);
        }
        boolean ships = check.size() == 1 || accuracy[0] >= accuracy[1] - OWN_INTENTS_TOLERANCE;
        out.printf(Locale.ROOT, "verdict: %s (a pick ships unless it is more than %.3f below the shipped combination"
                + " on our own intents)%n", ships ? "ship the pick" : "keep the shipped combination",
                OWN_INTENTS_TOLERANCE);
    }

    /** The shipped L2 cost, member and weight as a point of the grid, or null when the grid lacks it. */
    private static Choice shipped(List<IntentClassifier.EmbeddingMember> members) {
        int text = indexOf(TEXT_L2, IntentClassifier.INTENT_TEXT_L2);
        IntentClassifier.EmbeddingMember member = IntentClassifier.EMBEDDING;
        if (text < 0) {
            return null;
        }
        if (member == null) {
            return new Choice(text, -1, 0);
        }
        for (int m = 0; m < members.size(); m++) {
            if (members.get(m).describe().equals(member.describe())) {
                return new Choice(text, m, member.weight());
            }
        }
        return null;
    }

    private static int indexOf(double[] values, double value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
