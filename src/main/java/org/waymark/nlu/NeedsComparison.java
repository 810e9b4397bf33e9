package org.waymark.nlu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.waymark.embedding.LinearModel;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.evaluation.LabelledLines;
import org.waymark.taxonomy.Need;

/**
 * {@code nlu compare}, needs half: the needs nets side by side ({@link OpenNlpNlu.NeedsNets}), first by k-fold
 * cross-validation on {@code nlp-models/training/} (each fold's embedding thresholds chosen by an inner
 * cross-validation on the other folds, as training does), then trained on all of it and scored once on a kept-apart
 * set through the whole parse. Nothing is tuned on the kept-apart set.
 */
public final class NeedsComparison {

    static final int FOLDS = 5;

    private NeedsComparison() {
    }

    /** Cross-validated needs of every example for each way of combining the nets, and for each embedding setting. */
    static Map<String, NeedsEvaluation.Result> crossValidate(List<EmbeddingNeeds.Example> examples,
                                                             List<float[]> vectors,
                                                             Map<String, EmbeddingNeeds.Settings> settings) {
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        int[] fold = EmbeddingNeeds.folds(examples, FOLDS);
        Map<String, List<Set<Need>>> found = new LinkedHashMap<>();
        List<Set<Need>> maxent = sets(examples.size());
        found.put("char-gram maxent (today's pipeline)", maxent);
        for (int f = 0; f < FOLDS; f++) {
            List<EmbeddingNeeds.Example> train = new ArrayList<>();
            List<float[]> trainVectors = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    train.add(examples.get(i));
                    trainVectors.add(vectors.get(i));
                }
            }
            NeedsClassifier words = NeedsClassifier.train(train, NluModels.NEED_THRESHOLD);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    maxent.get(i).addAll(words.needs(examples.get(i).text()));
                }
            }
            for (var s : settings.entrySet()) {
                EmbeddingNeeds model = EmbeddingNeeds.train(train, trainVectors, s.getValue());
                List<Set<Need>> whole = found.computeIfAbsent("embeddings" + s.getKey(), k -> sets(examples.size()));
                List<Set<Need>> bySentence = found.computeIfAbsent("embeddings by sentence" + s.getKey(),
                        k -> sets(examples.size()));
                for (int i = 0; i < examples.size(); i++) {
                    if (fold[i] == f) {
                        whole.get(i).addAll(model.needs(vectors.get(i)));
                        bySentence.get(i).addAll(model.needs(examples.get(i).text(), embeddings, true));
                    }
                }
            }
        }
        for (String key : settings.keySet()) {
            found.put("char-grams OR embeddings" + key, union(maxent, found.get("embeddings" + key)));
            found.put("char-grams OR embeddings by sentence" + key, union(maxent,
                    found.get("embeddings by sentence" + key)));
        }
        Map<String, NeedsEvaluation.Result> out = new LinkedHashMap<>();
        found.forEach((name, sets) -> {
            List<NeedsEvaluation.Judged> judged = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                EmbeddingNeeds.Example e = examples.get(i);
                judged.add(new NeedsEvaluation.Judged(new LabelledLines.Line(i + 1, "", e.text()), e.needs(),
                        sets.get(i)));
            }
            out.put(name, new NeedsEvaluation.Result(judged));
        });
        return out;
    }

    private static List<Set<Need>> sets(int n) {
        List<Set<Need>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(EnumSet.noneOf(Need.class));
        }
        return out;
    }

    private static List<Set<Need>> union(List<Set<Need>> a, List<Set<Need>> b) {
        List<Set<Need>> out = sets(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.get(i).addAll(a.get(i));
            out.get(i).addAll(b.get(i));
        }
        return out;
    }

    /** Every way of combining the nets, with the models trained on all of {@code dir}, through the whole parse. */
    static Map<String, NeedsEvaluation.Result> keptApart(NluModels models, List<LabelledLines.Line> lines)
            throws IOException {
        Map<String, NeedsEvaluation.Result> out = new LinkedHashMap<>();
        for (OpenNlpNlu.NeedsNets nets : OpenNlpNlu.NeedsNets.values()) {
            OpenNlpNlu nlu = new OpenNlpNlu(models, EntityExtractor.withPackagedOutcodes(),
                    Double.parseDouble(NluSettings.DEFAULT_MIN_CONFIDENCE),
                    Double.parseDouble(NluSettings.DEFAULT_MIN_MARGIN), nets);
            out.put(name(nets), NeedsEvaluation.evaluate(lines, nlu));
        }
        return out;
    }

    static String name(OpenNlpNlu.NeedsNets nets) {
        return switch (nets) {
            case CHAR_GRAMS -> "char-gram maxent (today's pipeline)";
            case EMBEDDINGS -> "embeddings";
            case EMBEDDINGS_BY_SENTENCE -> "embeddings by sentence";
            case EITHER -> "char-grams OR embeddings";
            case EITHER_BY_SENTENCE -> "char-grams OR embeddings by sentence";
        } + (nets == OpenNlpNlu.SHIPPED ? " [shipped]" : "");
    }

    static void print(String title, Map<String, NeedsEvaluation.Result> results, PrintStream out) {
        out.println(title);
        out.printf(Locale.ROOT, "  %-58s %8s %9s %7s%n", "candidate", "microF1", "precision", "recall");
        results.forEach((name, r) -> out.printf(Locale.ROOT, "  %-58s %8.3f %9.3f %7.3f%n", name, r.microF1(),
                r.precision(), r.recall()));
    }

    /** The settings {@code nlu tune-needs} compares by cross-validation (docs/nlu.md). */
    static Map<String, EmbeddingNeeds.Settings> tuningGrid() {
        Map<String, EmbeddingNeeds.Settings> out = new LinkedHashMap<>();
        int folds = EmbeddingNeeds.DEFAULT.folds();
        for (LinearModel.Settings s : List.of(new LinearModel.Settings(1e-5, 300, false),
                new LinearModel.Settings(1e-4, 300, false), new LinearModel.Settings(1e-3, 300, false),
                new LinearModel.Settings(1e-4, 300, true), new LinearModel.Settings(1e-4, 600, false))) {
            out.put(String.format(Locale.ROOT, " linear l2=%.0e %s it=%d", s.l2(), s.balanced() ? "bal" : "unbal",
                    s.iterations()), new EmbeddingNeeds.Settings(s, null, folds));
        }
        for (Mlp.Settings m : List.of(new Mlp.Settings(256, 20, 1e-4), new Mlp.Settings(256, 40, 1e-4))) {
            out.put(String.format(Locale.ROOT, " mlp h=%d ep=%d l2=%.0e", m.hidden(), m.epochs(), m.l2()),
                    new EmbeddingNeeds.Settings(EmbeddingNeeds.DEFAULT.linear(), m, folds));
        }
        return out;
    }

    /**
     * The command: cross-validation on the training data in {@code dir} (over the tuning grid with {@code tuning},
     * else with the shipped settings), then, when {@code keptApart} is given and not tuning, the kept-apart table.
     */
    public static void run(Path dir, Path keptApart, boolean tuning, PrintStream out) throws IOException {
        long start = System.nanoTime();
        TrainingData data = TrainingData.load(name -> Files.readAllBytes(dir.resolve(name)));
        List<EmbeddingNeeds.Example> examples = EmbeddingNeeds.examples(data);
        List<float[]> vectors = SentenceEmbeddings.shared().embedAll(examples.stream()
                .map(EmbeddingNeeds.Example::text).toList());
        out.printf(Locale.ROOT, "needs: %d training examples (%d with a need) embedded in %.1f s%n", examples.size(),
                examples.stream().filter(e -> !e.needs().isEmpty()).count(), (System.nanoTime() - start) / 1e9);
        Map<String, EmbeddingNeeds.Settings> settings = tuning ? tuningGrid() : Map.of("", EmbeddingNeeds.DEFAULT);
        print("needs, " + FOLDS + "-fold cross-validation on " + dir.resolve("training"), crossValidate(examples,
                vectors, settings), out);
        if (keptApart != null && !tuning) {
            print("needs, trained on all of " + dir.resolve("training") + ", scored once on " + keptApart,
                    keptApart(OpenNlpNlu.loadOrBuild(dir), LabelledLines.read(keptApart)), out);
        }
        out.printf(Locale.ROOT, "needs comparison took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }
}
