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
 * {@code nlu cv-intents BENCHMARK_DIR [MODELS_DIR]}: chooses the intent ensemble's embedding member by repeated
 * stratified k-fold cross-validation on training data only: the benchmark's three train files (their test files are
 * never read) and our own intents. For every candidate embedding classifier and every weight it prints the pooled
 * out-of-fold accuracy, so the shipped {@link IntentClassifier#EMBEDDING} can be checked and rechosen.
 */
final class IntentCrossValidation {

    static final String[] CORPORA = {"ChatbotCorpus", "AskUbuntuCorpus", "WebApplicationsCorpus"};
    static final int FOLDS = 5;
    static final long[] SEEDS = {1L, 2L, 3L, 4L, 5L};
    static final double[] WEIGHTS = {0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0};
    /** How much lower on our own intents a pick other than the shipped member may be, and still ship. */
    static final double OWN_INTENTS_TOLERANCE = 0.005;

    /**
     * The candidates of the second grid (docs/intents-benchmark.md), fixed before it was run: the shipped member
     * first, so that another must beat it outright, then bags of five nets from consecutive seeds. The first grid
     * (four linear softmax models, four single nets) chose the shipped member; its table is in the same file.
     */
    static List<IntentClassifier.EmbeddingMember> candidates() {
        List<IntentClassifier.EmbeddingMember> out = new ArrayList<>();
        out.add(IntentClassifier.EmbeddingMember.mlp(128, 50, 1e-4, 0.5));
        out.add(IntentClassifier.EmbeddingMember.bag(5, 128, 50, 1e-4, 0.5));
        out.add(IntentClassifier.EmbeddingMember.bag(5, 256, 50, 1e-4, 0.5));
        out.add(IntentClassifier.EmbeddingMember.bag(5, 128, 150, 1e-4, 0.5));
        return out;
    }

    /** Out-of-fold probabilities of one dataset, per repeat: the text model's and each candidate's. */
    record Dataset(String name, List<IntentClassifier.Example> examples, List<String> labels,
                   List<double[][]> text, List<List<double[][]>> embedded) {

        int correct(int seed, int candidate, double weight) {
            int correct = 0;
            for (int i = 0; i < examples.size(); i++) {
                double[] t = text.get(seed)[i];
                double[] e = candidate < 0 ? t : embedded.get(seed).get(candidate)[i];
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
    }

    static Dataset outOfFold(String name, List<IntentClassifier.Example> examples,
                             List<IntentClassifier.EmbeddingMember> candidates, SentenceEmbeddings embeddings,
                             long[] seeds) {
        List<float[]> vectors = embeddings.embedAll(examples.stream().map(IntentClassifier.Example::text).toList());
        List<String> labels = examples.stream().map(IntentClassifier.Example::label).distinct().sorted().toList();
        List<double[][]> text = new ArrayList<>();
        List<List<double[][]>> embedded = new ArrayList<>();
        for (long seed : seeds) {
            int[] fold = Folds.stratified(examples.stream().map(IntentClassifier.Example::label).toList(), FOLDS,
                    seed);
            double[][] t = new double[examples.size()][];
            List<double[][]> e = new ArrayList<>();
            candidates.forEach(c -> e.add(new double[examples.size()][]));
            for (int f = 0; f < FOLDS; f++) {
                List<IntentClassifier.Example> train = Folds.outside(examples, fold, f);
                List<float[]> trainVectors = Folds.outside(vectors, fold, f);
                IntentClassifier textModel = IntentClassifier.train(train);
                List<IntentClassifier.EmbeddedModel> models = new ArrayList<>();
                for (IntentClassifier.EmbeddingMember c : candidates) {
                    models.add(IntentClassifier.EmbeddedModel.train(train, trainVectors, c));
                }
                for (int i = 0; i < examples.size(); i++) {
                    if (fold[i] == f) {
                        t[i] = inOrder(textModel.rank(examples.get(i).text()), labels);
                        for (int c = 0; c < candidates.size(); c++) {
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
     * Cross-validates every candidate and weight on the benchmark's train files, picks the best pooled accuracy (the
     * first on ties: candidates are listed simplest first and weights smallest first), then checks the pick against
     * the text model alone on our own intents (one repeat: they are many and the machine is shared).
     */
    static void run(Path benchmark, Path modelsDir, PrintStream out) throws IOException {
        List<IntentClassifier.EmbeddingMember> candidates = candidates();
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        List<Dataset> bench = new ArrayList<>();
        for (String name : CORPORA) {
            bench.add(outOfFold(name, Evaluation.readTsv(benchmark.resolve(name + ".train.tsv")), candidates,
                    embeddings, SEEDS));
        }
        int benchTotal = bench.stream().mapToInt(d -> d.examples().size()).sum() * SEEDS.length;
        out.printf(Locale.ROOT, "%d-fold stratified cross-validation on the benchmark's train files only, %d repeats"
                + " (seeds %s); out-of-fold accuracy pooled over repeats%n", FOLDS, SEEDS.length,
                java.util.Arrays.toString(SEEDS));
        out.printf(Locale.ROOT, "%-44s %6s %8s %9s %8s %9s%n", "embedding member", "weight", "Chatbot",
                "AskUbuntu", "WebApps", "pooled");
        int bestCandidate = -1;
        double bestWeight = 0;
        double bestAccuracy = -1;
        for (int c = -1; c < candidates.size(); c++) {
            for (double w : c < 0 ? new double[] {0} : WEIGHTS) {
                if (c >= 0 && w == 0) {
                    continue;
                }
                double[] row = new double[3];
                int correct = 0;
                for (int d = 0; d < bench.size(); d++) {
                    int n = 0;
                    for (int s = 0; s < SEEDS.length; s++) {
                        n += bench.get(d).correct(s, c, w);
                    }
                    correct += n;
                    row[d] = n / (double) (bench.get(d).examples().size() * SEEDS.length);
                }
                double pooled = correct / (double) benchTotal;
                if (pooled > bestAccuracy) {
                    bestAccuracy = pooled;
                    bestCandidate = c;
                    bestWeight = w;
                }
                out.printf(Locale.ROOT, "%-44s %6.2f %8.4f %9.4f %8.4f %9.4f%n",
                        c < 0 ? "none (text model alone)" : candidates.get(c).describe(), w, row[0], row[1], row[2],
                        pooled);
            }
        }
        String chosen = bestCandidate < 0 ? "none" : candidates.get(bestCandidate).describe() + " @" + bestWeight;
        out.printf(Locale.ROOT, "best pooled: %s (%.4f)%n", chosen, bestAccuracy);
        IntentClassifier.EmbeddingMember shipped = IntentClassifier.EMBEDDING;
        out.printf(Locale.ROOT, "shipped: %s%n",
                shipped == null ? "none" : shipped.describe() + " @" + shipped.weight());
        if (modelsDir == null || !Files.isRegularFile(modelsDir.resolve(TrainingData.INTENTS_FILE))) {
            return;
        }
        List<IntentClassifier.EmbeddingMember> check = new ArrayList<>();
        if (bestCandidate >= 0) {
            check.add(candidates.get(bestCandidate));
        }
        if (shipped != null && (bestCandidate < 0 || !shipped.describe().equals(check.get(0).describe()))) {
            check.add(shipped);
        }
        TrainingData data = TrainingData.load(n -> Files.readAllBytes(modelsDir.resolve(n)));
        Dataset own = outOfFold("own intents", data.intentExamples(), check, embeddings, new long[] {SEEDS[0]});
        out.printf(Locale.ROOT, "own intents (%s, %d examples), %d-fold, seed %d:%n", modelsDir, own.examples().size(),
                FOLDS, SEEDS[0]);
        out.printf(Locale.ROOT, "  %-44s %6s %8.4f%n", "none (text model alone)", "0", own.correct(0, -1, 0)
                / (double) own.examples().size());
        double[] accuracy = new double[check.size()];
        for (int c = 0; c < check.size(); c++) {
            double w = c == 0 && bestCandidate >= 0 ? bestWeight : shipped.weight();
            accuracy[c] = own.correct(0, c, w) / (double) own.examples().size();
            out.printf(Locale.ROOT, "  %-44s %6.2f %8.4f%n", check.get(c).describe(), w, accuracy[c]);
        }
        if (check.size() == 2 && bestCandidate >= 0) {
            boolean ships = accuracy[0] >= accuracy[1] - OWN_INTENTS_TOLERANCE;
            out.printf(Locale.ROOT, "verdict: %s (the pick ships unless it is more than %.3f below the shipped member"
                    + " on our own intents)%n", ships ? "ship the pick" : "keep the shipped member",
                    OWN_INTENTS_TOLERANCE);
        }
    }
}
