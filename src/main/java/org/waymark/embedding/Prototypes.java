package org.waymark.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A classifier that learns nothing but its examples: a label's score is how like the input its examples are, by
 * cosine similarity of L2-normalised embeddings, and the scores go through a softmax at a temperature. With
 * {@code k = 0} each label is one point, the normalised mean of its examples (nearest centroid); with {@code k >= 1}
 * a label's score is the mean of its {@code k} most similar examples (k = 1: its nearest example). No random start,
 * so nothing depends on a seed; the few-shot intent sets of the Braun et al. benchmark are where it was weighed
 * against the nets (docs/intents-benchmark.md, the fourth grid). Immutable and thread-safe.
 */
public final class Prototypes implements Classifier {

    private static final int FORMAT = 1;

    private final List<String> labels;
    private final int k;
    private final double temperature;
    /**
     * Each kept point, {@code dimensions} floats apiece (point after point, as written), and the label each belongs
     * to; {@link #byDimension} holds the same floats dimension after dimension, which the JIT vectorises.
     */
    private final float[] points;
    private final float[] byDimension;
    private final int[] labelOf;
    private final int dimensions;

    private Prototypes(List<String> labels, int k, double temperature, float[] points, int[] labelOf,
                       int dimensions) {
        if (k < 0 || !(temperature > 0) || labels.isEmpty() || points.length != labelOf.length * dimensions) {
            throw new IllegalArgumentException("prototypes need k >= 0, a positive temperature and one label a point");
        }
        for (int l : labelOf) {
            if (l < 0 || l >= labels.size()) {
                throw new IllegalArgumentException("a point's label is out of range: " + l);
            }
        }
        this.labels = List.copyOf(labels);
        this.k = k;
        this.temperature = temperature;
        this.points = points;
        this.labelOf = labelOf;
        this.dimensions = dimensions;
        int n = labelOf.length;
        this.byDimension = new float[points.length];
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < dimensions; j++) {
                byDimension[j * n + p] = points[p * dimensions + j];
            }
        }
    }

    /**
     * The examples {@code x} (each L2-normalised, as {@link SentenceEmbeddings} gives them) with the index of each
     * one's label in {@code labels}; {@code k} 0 for centroids, else the examples a label's score is the mean of.
     */
    public static Prototypes of(float[][] x, int[] classOf, List<String> labels, int k, double temperature) {
        if (x.length == 0 || x.length != classOf.length) {
            throw new IllegalArgumentException("prototypes need at least one example, each with a label");
        }
        int d = x[0].length;
        if (k > 0) {
            float[] points = new float[x.length * d];
            for (int i = 0; i < x.length; i++) {
                System.arraycopy(x[i], 0, points, i * d, d);
            }
            return new Prototypes(labels, k, temperature, points, classOf.clone(), d);
        }
        double[][] sum = new double[labels.size()][d];
        boolean[] seen = new boolean[labels.size()];
        for (int i = 0; i < x.length; i++) {
            seen[classOf[i]] = true;
            for (int j = 0; j < d; j++) {
                sum[classOf[i]][j] += x[i][j];
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            if (seen[c]) {
                kept.add(c);
            }
        }
        float[] points = new float[kept.size() * d];
        int[] labelOf = new int[kept.size()];
        for (int p = 0; p < kept.size(); p++) {
            int c = kept.get(p);
            double norm = 0;
            for (double v : sum[c]) {
                norm += v * v;
            }
            double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                points[p * d + j] = (float) (sum[c][j] * scale);
            }
            labelOf[p] = c;
        }
        return new Prototypes(labels, 0, temperature, points, labelOf, d);
    }

    /**
     * The same kind with these examples kept as well (a practice's corrections, issue 20): the nearest examples only,
     * since a centroid is not the sum of its parts once normalised.
     */
    public Prototypes with(float[][] x, int[] classOf) {
        if (k == 0) {
            throw new IllegalStateException("centroids cannot take more examples; build them again");
        }
        if (x.length != classOf.length) {
            throw new IllegalArgumentException("one label an example");
        }
        float[] more = Arrays.copyOf(points, points.length + x.length * dimensions);
        int[] labels = Arrays.copyOf(labelOf, labelOf.length + x.length);
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != dimensions) {
                throw new IllegalArgumentException("expected " + dimensions + " dimensions, got " + x[i].length);
            }
            System.arraycopy(x[i], 0, more, points.length + i * dimensions, dimensions);
            labels[labelOf.length + i] = classOf[i];
        }
        return new Prototypes(this.labels, k, temperature, more, labels, dimensions);
    }

    /** How many points are kept: examples, or labels for centroids. */
    public int size() {
        return labelOf.length;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    /** A label without examples gets the lowest score any label can: a similarity of -1. */
    @Override
    public double[] probabilities(float[] x) {
        if (x.length != dimensions) {
            throw new IllegalArgumentException("expected " + dimensions + " dimensions, got " + x.length);
        }
        int n = labelOf.length;
        // every point's dot product at once, dimension by dimension: each still sums its float products in the
        // order of the dimensions, so the same doubles as one point after another (PrototypesTest)
        double[] similarity = new double[n];
        for (int j = 0; j < dimensions; j++) {
            float xj = x[j];
            int base = j * n;
            for (int p = 0; p < n; p++) {
                similarity[p] += xj * byDimension[base + p];
            }
        }
        double[] score = new double[labels.size()];
        Arrays.fill(score, -1);
        if (k == 0) {
            for (int p = 0; p < n; p++) {
                score[labelOf[p]] = similarity[p];
            }
        } else {
            // each label's k best: a small sorted list per label, so no sort of every point
            double[][] best = new double[labels.size()][k];
            int[] count = new int[labels.size()];
            for (double[] b : best) {
                Arrays.fill(b, Double.NEGATIVE_INFINITY);
            }
            for (int p = 0; p < n; p++) {
                double[] b = best[labelOf[p]];
                double s = similarity[p];
                if (s > b[k - 1]) {
                    int i = k - 1;
                    while (i > 0 && b[i - 1] < s) {
                        b[i] = b[i - 1];
                        i--;
                    }
                    b[i] = s;
                }
                count[labelOf[p]]++;
            }
            for (int c = 0; c < labels.size(); c++) {
                int m = Math.min(k, count[c]);
                if (m > 0) {
                    double sum = 0;
                    for (int i = 0; i < m; i++) {
                        sum += best[c][i];
                    }
                    score[c] = sum / m;
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double s : score) {
            max = Math.max(max, s);
        }
        double total = 0;
        double[] out = new double[score.length];
        for (int c = 0; c < score.length; c++) {
            out[c] = Math.exp((score[c] - max) / temperature);
            total += out[c];
        }
        for (int c = 0; c < out.length; c++) {
            out[c] /= total;
        }
        return out;
    }

    @Override
    public void writeTagged(DataOutputStream out) throws IOException {
        out.writeUTF("prototypes");
        out.writeInt(FORMAT);
        out.writeInt(k);
        out.writeDouble(temperature);
        out.writeInt(dimensions);
        Io.writeLabels(out, labels);
        out.writeInt(labelOf.length);
        for (int l : labelOf) {
            out.writeInt(l);
        }
        Io.writeFloats(out, points);
    }

    static Prototypes read(DataInputStream in) throws IOException {
        if (in.readInt() != FORMAT) {
            throw new IOException("unknown prototypes format");
        }
        int k = in.readInt();
        double temperature = in.readDouble();
        int d = in.readInt();
        int labelCount = in.readInt();
        if (k < 0 || k > 1000 || d < 1 || d > 4096 || labelCount < 1 || labelCount > 10_000) {
            throw new IOException("implausible prototypes header");
        }
        List<String> labels = Io.readLabels(in, labelCount);
        int n = in.readInt();
        if (n < 1 || n > 1_000_000) {
            throw new IOException("implausible number of prototypes " + n);
        }
        int[] labelOf = new int[n];
        for (int i = 0; i < n; i++) {
            labelOf[i] = in.readInt();
        }
        float[] points = Io.readFloats(in, n * d);
        try {
            return new Prototypes(labels, k, temperature, points, labelOf, d);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
