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
    /**
     * How many of a label's points the float pass keeps for the exact one, beyond k: a point outside them would need
     * more than this many others within a float's rounding (about 1e-6) of the k-th.
     */
    private static final int SPARE = 5;

    private final List<String> labels;
    private final int k;
    private final double temperature;
    /** The kept points in blocks: the examples first, then any added later, which share the first block. */
    private final List<Block> blocks;
    private final int dimensions;

    /**
     * Points and their labels: each point's floats one after another ({@code points}, as written, for the exact
     * similarity), and the same floats dimension by dimension ({@code byDimension}, one array a dimension from
     * index 0, the shape the JIT vectorises).
     */
    private record Block(float[] points, float[][] byDimension, int[] labelOf) {

        static Block of(float[] points, int[] labelOf, int dimensions) {
            int n = labelOf.length;
            float[][] byDimension = new float[dimensions][n];
            for (int p = 0; p < n; p++) {
                for (int j = 0; j < dimensions; j++) {
                    byDimension[j][p] = points[p * dimensions + j];
                }
            }
            return new Block(points, byDimension, labelOf);
        }

        /** The exact similarity of point {@code p}: its float products summed in doubles, dimension after dimension. */
        double similarity(float[] x, int p) {
            double dot = 0;
            int base = p * x.length;
            for (int j = 0; j < x.length; j++) {
                dot += x[j] * points[base + j];
            }
            return dot;
        }
    }

    private Prototypes(List<String> labels, int k, double temperature, List<Block> blocks, int dimensions) {
        if (k < 0 || !(temperature > 0) || labels.isEmpty()) {
            throw new IllegalArgumentException("prototypes need k >= 0, a positive temperature and a label");
        }
        for (Block b : blocks) {
            if (b.points().length != b.labelOf().length * dimensions) {
                throw new IllegalArgumentException("prototypes need one label a point");
            }
            for (int l : b.labelOf()) {
                if (l < 0 || l >= labels.size()) {
                    throw new IllegalArgumentException("a point's label is out of range: " + l);
                }
            }
        }
        this.labels = List.copyOf(labels);
        this.k = k;
        this.temperature = temperature;
        this.blocks = List.copyOf(blocks);
        this.dimensions = dimensions;
    }

    private Prototypes(List<String> labels, int k, double temperature, float[] points, int[] labelOf,
                       int dimensions) {
        this(labels, k, temperature, List.of(Block.of(points, labelOf, dimensions)), dimensions);
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
        float[] more = new float[x.length * dimensions];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != dimensions) {
                throw new IllegalArgumentException("expected " + dimensions + " dimensions, got " + x[i].length);
            }
            System.arraycopy(x[i], 0, more, i * dimensions, dimensions);
        }
        List<Block> grown = new ArrayList<>(blocks);
        grown.add(Block.of(more, classOf.clone(), dimensions));
        return new Prototypes(labels, k, temperature, grown, dimensions);
    }

    /** How many points are kept: examples, or labels for centroids. */
    public int size() {
        return blocks.stream().mapToInt(b -> b.labelOf().length).sum();
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    /**
     * A label without examples gets the lowest score any label can: a similarity of -1. Each point's similarity is
     * first summed in floats, all points at once (about 0.1 ms for 4,000 where doubles took 0.6: the JIT does not
     * vectorise them); each label's {@code k} + {@value #SPARE} best by that go on to the exact similarity, its float
     * products summed in doubles one dimension after another, and the k best of those are averaged, largest first:
     * the same doubles as every point worked out exactly (PrototypesTest).
     */
    @Override
    public double[] probabilities(float[] x) {
        if (x.length != dimensions) {
            throw new IllegalArgumentException("expected " + dimensions + " dimensions, got " + x.length);
        }
        double[] score = new double[labels.size()];
        Arrays.fill(score, -1);
        if (k == 0) {
            for (Block b : blocks) {
                for (int p = 0; p < b.labelOf().length; p++) {
                    score[b.labelOf()[p]] = b.similarity(x, p);
                }
            }
        } else {
            int keep = k + SPARE;
            // each label's best points by the float pass: block and index, best first
            float[][] rough = new float[labels.size()][keep];
            int[][] which = new int[labels.size()][keep];
            int[][] from = new int[labels.size()][keep];
            int[] held = new int[labels.size()];
            for (int bi = 0; bi < blocks.size(); bi++) {
                Block b = blocks.get(bi);
                int n = b.labelOf().length;
                float[] similarity = new float[n];
                for (int j = 0; j < dimensions; j++) {
                    addScaled(similarity, b.byDimension()[j], x[j], n);
                }
                for (int p = 0; p < n; p++) {
                    int c = b.labelOf()[p];
                    float s = similarity[p];
                    int h = held[c];
                    if (h == keep && s <= rough[c][keep - 1]) {
                        continue;
                    }
                    int i = h == keep ? keep - 1 : h;
                    while (i > 0 && rough[c][i - 1] < s) {
                        rough[c][i] = rough[c][i - 1];
                        which[c][i] = which[c][i - 1];
                        from[c][i] = from[c][i - 1];
                        i--;
                    }
                    rough[c][i] = s;
                    which[c][i] = p;
                    from[c][i] = bi;
                    held[c] = Math.min(keep, h + 1);
                }
            }
            for (int c = 0; c < labels.size(); c++) {
                int h = held[c];
                if (h == 0) {
                    continue;
                }
                double[] exact = new double[h];
                for (int i = 0; i < h; i++) {
                    exact[i] = blocks.get(from[c][i]).similarity(x, which[c][i]);
                }
                Arrays.sort(exact);
                int m = Math.min(k, h);
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += exact[h - 1 - i];
                }
                score[c] = sum / m;
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

    /** {@code sum[p] += row[p] * x}; kept this plain (arrays from index 0) so the JIT vectorises it. */
    private static void addScaled(float[] sum, float[] row, float x, int n) {
        for (int p = 0; p < n; p++) {
            sum[p] += row[p] * x;
        }
    }

    @Override
    public void writeTagged(DataOutputStream out) throws IOException {
        out.writeUTF("prototypes");
        out.writeInt(FORMAT);
        out.writeInt(k);
        out.writeDouble(temperature);
        out.writeInt(dimensions);
        Io.writeLabels(out, labels);
        out.writeInt(size());
        for (Block b : blocks) {
            for (int l : b.labelOf()) {
                out.writeInt(l);
            }
        }
        for (Block b : blocks) {
            Io.writeFloats(out, b.points());
        }
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
        if (n < 1 || (long) n * d > 50_000_000L) {
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
