package org.waymark.nlu;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.waymark.embedding.Classifier;
import org.waymark.embedding.Folds;
import org.waymark.embedding.LinearModel;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.taxonomy.Need;

/**
 * Multi-label needs on sentence embeddings: one sigmoid per need (one-vs-rest, linear or over a hidden layer as
 * {@link #DEFAULT} says), each with its own threshold, so a message can carry a second and a third need. Every need sentence teaches its needs; every
 * other intent example (greetings, yes/no, postcodes, times) teaches "no need". Each need's threshold is the one
 * with the best F1 on out-of-fold predictions over the training data ({@link Settings#folds()}-fold
 * cross-validation), chosen when the model is trained. Immutable and thread-safe.
 */
final class EmbeddingNeeds {

    /**
     * The sigmoids' settings (linear, or with a hidden layer when {@code mlp} is set) and the folds that choose the
     * thresholds.
     */
    record Settings(LinearModel.Settings linear, Mlp.Settings mlp, int folds) {
    }

    static final Settings DEFAULT = new Settings(new LinearModel.Settings(1e-4, 600, false),
            new Mlp.Settings(256, 20, 1e-4), 5);
    private static final int FORMAT = 1;
    private static final long SEED = 12L;

    /** A text and the needs it carries (none for an intent example). */
    record Example(Set<Need> needs, String text) {
    }

    private final Classifier model;
    private final double[] thresholds;
    private final Need[] needOf;

    EmbeddingNeeds(Classifier model, double[] thresholds) {
        this.model = model;
        this.thresholds = thresholds.clone();
        this.needOf = model.labels().stream().map(l -> Need.fromCode(l).orElseThrow(
                () -> new IllegalArgumentException("unknown need " + l))).toArray(Need[]::new);
        if (thresholds.length != needOf.length) {
            throw new IllegalArgumentException("one threshold per need");
        }
    }

    static List<Example> examples(TrainingData data) {
        List<Example> out = new ArrayList<>();
        data.needs().forEach(e -> out.add(new Example(e.needs(), e.text())));
        data.intents().forEach((intent, texts) -> texts.forEach(t -> out.add(new Example(Set.of(), t))));
        return out;
    }

    static EmbeddingNeeds train(TrainingData data, SentenceEmbeddings embeddings) {
        List<Example> examples = examples(data);
        return train(examples, embeddings.embedAll(examples.stream().map(Example::text).toList()), DEFAULT);
    }

    /** Thresholds from out-of-fold predictions, then the model fit on every example. */
    static EmbeddingNeeds train(List<Example> examples, List<float[]> vectors, Settings settings) {
        double[][] oof = outOfFold(examples, vectors, settings);
        return new EmbeddingNeeds(fit(examples, vectors, settings, null, -1), bestThresholds(examples, oof));
    }

    /** Out-of-fold probabilities of every need for every example. */
    static double[][] outOfFold(List<Example> examples, List<float[]> vectors, Settings settings) {
        int[] fold = folds(examples, settings.folds());
        double[][] out = new double[examples.size()][];
        for (int f = 0; f < settings.folds(); f++) {
            Classifier m = fit(examples, vectors, settings, fold, f);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    out[i] = m.probabilities(vectors.get(i));
                }
            }
        }
        return out;
    }

    /** Folds stratified by each example's first need (or none). */
    static int[] folds(List<Example> examples, int k) {
        return Folds.stratified(examples.stream().map(e -> e.needs().isEmpty() ? "none"
                : e.needs().iterator().next().code()).toList(), k, SEED);
    }

    /** For each need, the threshold (0.05 to 0.95, steps of 0.01) with the best F1 on these probabilities. */
    static double[] bestThresholds(List<Example> examples, double[][] probabilities) {
        Need[] needs = Need.values();
        double[] out = new double[needs.length];
        for (int n = 0; n < needs.length; n++) {
            double best = -1;
            for (int step = 5; step <= 95; step++) {
                double t = step / 100.0;
                long tp = 0;
                long fp = 0;
                long fn = 0;
                for (int i = 0; i < examples.size(); i++) {
                    boolean has = examples.get(i).needs().contains(needs[n]);
                    boolean found = probabilities[i][n] >= t;
                    tp += has && found ? 1 : 0;
                    fp += !has && found ? 1 : 0;
                    fn += has && !found ? 1 : 0;
                }
                double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
                if (f1 > best) {
                    best = f1;
                    out[n] = t;
                }
            }
        }
        return out;
    }

    /** One sigmoid per need, in {@link Need} order, on every example or all but fold {@code heldOut}. */
    static Classifier fit(List<Example> examples, List<float[]> vectors, Settings settings, int[] fold, int heldOut) {
        Need[] needs = Need.values();
        List<float[]> x = new ArrayList<>();
        List<boolean[]> y = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (fold == null || fold[i] != heldOut) {
                boolean[] t = new boolean[needs.length];
                for (Need n : examples.get(i).needs()) {
                    t[n.ordinal()] = true;
                }
                x.add(vectors.get(i));
                y.add(t);
            }
        }
        float[][] xs = x.toArray(float[][]::new);
        boolean[][] ys = y.toArray(boolean[][]::new);
        List<String> labels = java.util.Arrays.stream(needs).map(Need::code).toList();
        return settings.mlp() != null ? Mlp.sigmoid(xs, ys, labels, settings.mlp(), SEED)
                : LinearModel.sigmoid(xs, ys, labels, settings.linear());
    }

    /** The sigmoids. */
    Classifier model() {
        return model;
    }

    /** The thresholds, in the sigmoids' label order. */
    double[] thresholds() {
        return thresholds.clone();
    }

    /** The probability of each need, in {@link Need} order. */
    double[] probabilities(float[] vector) {
        double[] p = model.probabilities(vector);
        double[] out = new double[Need.values().length];
        for (int i = 0; i < p.length; i++) {
            out[needOf[i].ordinal()] = p[i];
        }
        return out;
    }

    double threshold(Need need) {
        for (int i = 0; i < needOf.length; i++) {
            if (needOf[i] == need) {
                return thresholds[i];
            }
        }
        throw new IllegalArgumentException(need.code());
    }

    Set<Need> needs(float[] vector) {
        double[] p = model.probabilities(vector);
        Set<Need> out = EnumSet.noneOf(Need.class);
        for (int i = 0; i < p.length; i++) {
            if (p[i] >= thresholds[i]) {
                out.add(needOf[i]);
            }
        }
        return out;
    }

    /**
     * The needs of a text: of its whole embedding, and with {@code byClause} also of each of its sentences (up to
     * {@value #MAX_CLAUSES}), a need counting when the whole or any sentence carries it.
     */
    Set<Need> needs(String text, SentenceEmbeddings embeddings, boolean byClause) {
        Set<Need> out = needs(embeddings.embed(text));
        if (byClause) {
            List<String> clauses = clauses(text);
            if (clauses.size() > 1) {
                // each sentence read in the message's own inference, in its context
                for (float[] clause : embeddings.embedParts(text, clauses)) {
                    out.addAll(needs(clause));
                }
            }
        }
        return out;
    }

    static final int MAX_CLAUSES = 8;
    /** A message's sentences, split at . ! ? ; and new lines; the first {@value #MAX_CLAUSES}. */
    static List<String> clauses(String text) {
        return SentenceEmbeddings.sentences(text, MAX_CLAUSES);
    }

    void write(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(FORMAT);
        out.writeInt(thresholds.length);
        for (double t : thresholds) {
            out.writeDouble(t);
        }
        model.writeTagged(out);
        out.flush();
    }

    static EmbeddingNeeds read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != FORMAT) {
            throw new IOException("unknown needs embedding model format");
        }
        int n = in.readInt();
        if (n < 1 || n > 1000) {
            throw new IOException("implausible number of needs: " + n);
        }
        double[] thresholds = new double[n];
        for (int i = 0; i < n; i++) {
            thresholds[i] = in.readDouble();
        }
        return new EmbeddingNeeds(Classifier.read(in), thresholds);
    }
}
