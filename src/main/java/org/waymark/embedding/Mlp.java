package org.waymark.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * A classifier with one hidden layer of rectified linear units over sentence embeddings, with a softmax over
 * exclusive classes or one sigmoid per label ({@link LinearModel.Kind}): it can learn
 * exceptions a linear model cannot ("cut myself" is a risk, "cut myself shaving" is not). Trained by mini-batch
 * Adam on the mean cross-entropy with L2 weight decay, from a seeded start and a seeded order, so the same data give
 * the same model. Immutable and thread-safe once built.
 */
public final class Mlp implements Classifier {

    /** Hidden units, passes over the data, L2 strength. */
    public record Settings(int hidden, int epochs, double l2) {
        public Settings {
            if (hidden < 1 || epochs < 1 || l2 < 0) {
                throw new IllegalArgumentException("hidden and epochs must be >= 1, l2 >= 0");
            }
        }
    }

    private static final int FORMAT = 1;
    private static final int BATCH = 32;
    private static final double LEARNING_RATE = 1e-3;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final LinearModel.Kind kind;
    private final List<String> labels;
    private final int dims;
    private final int hidden;
    /** hidden x (dims + 1), then labels x (hidden + 1): weights then bias in each row. */
    private final float[] w1;
    private final float[] w2;
    /**
     * {@code w1} by input for {@link #probabilities}: row {@code i} holds input {@code i}'s weight into each hidden
     * unit, row {@code dims} the hidden biases. Training reads {@code w1} by hidden unit, as it updates it.
     */
    private final float[][] byInput;

    private Mlp(LinearModel.Kind kind, List<String> labels, int dims, int hidden, float[] w1, float[] w2) {
        this.kind = kind;
        this.labels = List.copyOf(labels);
        this.dims = dims;
        this.hidden = hidden;
        this.w1 = w1;
        this.w2 = w2;
        this.byInput = new float[dims + 1][hidden];
        for (int j = 0; j < hidden; j++) {
            for (int i = 0; i <= dims; i++) {
                byInput[i][j] = w1[j * (dims + 1) + i];
            }
        }
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    /** A softmax over mutually exclusive classes: {@code classOf[i]} is example {@code i}'s class. */
    public static Mlp train(float[][] x, int[] classOf, List<String> labels, Settings settings, long seed) {
        boolean[][] target = new boolean[x.length][labels.size()];
        for (int i = 0; i < x.length; i++) {
            target[i][classOf[i]] = true;
        }
        return train(LinearModel.Kind.SOFTMAX, x, target, labels, settings, seed);
    }

    /** One sigmoid per label (multi-label): {@code target[i][k]} says whether example {@code i} has label k. */
    public static Mlp sigmoid(float[][] x, boolean[][] target, List<String> labels, Settings settings, long seed) {
        return train(LinearModel.Kind.SIGMOID, x, target, labels, settings, seed);
    }

    private static Mlp train(LinearModel.Kind kind, float[][] x, boolean[][] target, List<String> labels,
                             Settings settings, long seed) {
        int d = x[0].length;
        int h = settings.hidden();
        int k = labels.size();
        Random random = new Random(seed);
        float[] w1 = new float[h * (d + 1)];
        float[] w2 = new float[k * (h + 1)];
        double scale1 = Math.sqrt(2.0 / d);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < d; i++) {
                w1[j * (d + 1) + i] = (float) (random.nextGaussian() * scale1);
            }
        }
        double scale2 = Math.sqrt(1.0 / h);
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < h; j++) {
                w2[c * (h + 1) + j] = (float) (random.nextGaussian() * scale2);
            }
        }
        return descend(kind, x, target, labels, settings, random, w1, w2, LEARNING_RATE);
    }

    /**
     * This net trained on for {@code epochs} more passes over {@code x} (its own labels, in its order, as
     * {@code target}), from its own weights, with fresh Adam moments at {@code learningRate}: a retrain that starts
     * where the last full training ended (issue 20's retrain from link workers' corrections), at a small fraction of
     * a full training's cost. The net itself is unchanged.
     */
    public Mlp trainedOn(float[][] x, boolean[][] target, int epochs, double l2, double learningRate, long seed) {
        if (x.length == 0 || x[0].length != dims || target.length != x.length
                || target[0].length != labels.size()) {
            throw new IllegalArgumentException("examples must have " + dims + " dimensions and " + labels.size()
                    + " targets each");
        }
        return descend(kind, x, target, labels, new Settings(hidden, epochs, l2), new Random(seed), w1.clone(),
                w2.clone(), learningRate);
    }

    private static Mlp descend(LinearModel.Kind kind, float[][] x, boolean[][] target, List<String> labels,
                               Settings settings, Random random, float[] w1, float[] w2, double learningRate) {
        int n = x.length;
        int d = x[0].length;
        int h = settings.hidden();
        int k = labels.size();
        float[] g1 = new float[w1.length];
        float[] g2 = new float[w2.length];
        Adam a1 = new Adam(w1.length, learningRate);
        Adam a2 = new Adam(w2.length, learningRate);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] hid = new float[h];
        float[] dh = new float[h];
        double[] z = new double[k];
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                java.util.Arrays.fill(g1, 0f);
                java.util.Arrays.fill(g2, 0f);
                for (int b = start; b < end; b++) {
                    float[] xi = x[order[b]];
                    forward(kind, w1, w2, xi, d, h, k, hid, z);
                    java.util.Arrays.fill(dh, 0f);
                    for (int c = 0; c < k; c++) {
                        // (p - y) for softmax and for sigmoid cross-entropy alike
                        float g = (float) (z[c] - (target[order[b]][c] ? 1 : 0));
                        int base = c * (h + 1);
                        for (int j = 0; j < h; j++) {
                            g2[base + j] += g * hid[j];
                            dh[j] += g * w2[base + j];
                        }
                        g2[base + h] += g;
                    }
                    for (int j = 0; j < h; j++) {
                        if (hid[j] <= 0) {
                            continue;
                        }
                        float g = dh[j];
                        int base = j * (d + 1);
                        for (int i = 0; i < d; i++) {
                            g1[base + i] += g * xi[i];
                        }
                        g1[base + d] += g;
                    }
                }
                float count = end - start;
                a1.step(w1, g1, count, settings.l2(), d + 1);
                a2.step(w2, g2, count, settings.l2(), h + 1);
            }
        }
        return new Mlp(kind, labels, d, h, w1, w2);
    }

    /** Adam's moments for one weight matrix; the bias (last of each row) is not decayed. */
    private static final class Adam {
        private final double[] m;
        private final double[] v;
        private final double learningRate;
        private int t;

        Adam(int size, double learningRate) {
            m = new double[size];
            v = new double[size];
            this.learningRate = learningRate;
        }

        void step(float[] w, float[] grad, float count, double l2, int stride) {
            t++;
            double b1 = 1 - Math.pow(BETA1, t);
            double b2 = 1 - Math.pow(BETA2, t);
            for (int p = 0; p < w.length; p++) {
                double g = grad[p] / count + (p % stride == stride - 1 ? 0 : l2 * w[p]);
                m[p] = BETA1 * m[p] + (1 - BETA1) * g;
                v[p] = BETA2 * v[p] + (1 - BETA2) * g * g;
                w[p] -= (float) (learningRate * (m[p] / b1) / (Math.sqrt(v[p] / b2) + EPSILON));
            }
        }
    }

    private static void forward(LinearModel.Kind kind, float[] w1, float[] w2, float[] x, int d, int h, int k,
                                float[] hid, double[] z) {
        hiddenByUnit(w1, x, d, h, hid);
        output(kind, w2, h, k, hid, z);
    }

    /** Each hidden unit's four running sums over its row of {@code w1} (inputs i, i + 1, i + 2, i + 3 apart). */
    private static void hiddenByUnit(float[] w1, float[] x, int d, int h, float[] hid) {
        for (int j = 0; j < h; j++) {
            int base = j * (d + 1);
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int i = 0;
            for (; i + 3 < d; i += 4) {
                s0 += w1[base + i] * x[i];
                s1 += w1[base + i + 1] * x[i + 1];
                s2 += w1[base + i + 2] * x[i + 2];
                s3 += w1[base + i + 3] * x[i + 3];
            }
            for (; i < d; i++) {
                s0 += w1[base + i] * x[i];
            }
            float s = s0 + s1 + s2 + s3 + w1[base + d];
            hid[j] = s > 0 ? s : 0;
        }
    }

    /**
     * {@link #hiddenByUnit} input by input over every hidden unit at once, which the JIT runs in vector registers
     * (about five times faster for 384 inputs and 256 units): the same four running sums per unit, each adding the
     * same products in the same order, so the same floats to the bit.
     */
    private static void hiddenByInput(float[][] byInput, float[] x, int d, int h, float[] hid) {
        float[] s0 = new float[h];
        float[] s1 = new float[h];
        float[] s2 = new float[h];
        float[] s3 = new float[h];
        int i = 0;
        for (; i + 3 < d; i += 4) {
            addScaled(s0, byInput[i], x[i], h);
            addScaled(s1, byInput[i + 1], x[i + 1], h);
            addScaled(s2, byInput[i + 2], x[i + 2], h);
            addScaled(s3, byInput[i + 3], x[i + 3], h);
        }
        for (; i < d; i++) {
            addScaled(s0, byInput[i], x[i], h);
        }
        float[] bias = byInput[d];
        for (int j = 0; j < h; j++) {
            float s = s0[j] + s1[j] + s2[j] + s3[j] + bias[j];
            hid[j] = s > 0 ? s : 0;
        }
    }

    /** {@code sum[j] += w[j] * x}; kept this plain (arrays from index 0) so the JIT vectorises it. */
    private static void addScaled(float[] sum, float[] w, float x, int h) {
        for (int j = 0; j < h; j++) {
            sum[j] += w[j] * x;
        }
    }

    private static void output(LinearModel.Kind kind, float[] w2, int h, int k, float[] hid, double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            int base = c * (h + 1);
            double s = w2[base + h];
            for (int j = 0; j < h; j++) {
                s += w2[base + j] * hid[j];
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        if (kind == LinearModel.Kind.SIGMOID) {
            for (int c = 0; c < k; c++) {
                z[c] = 1 / (1 + Math.exp(-z[c]));
            }
            return;
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < k; c++) {
            z[c] /= sum;
        }
    }

    /** Probabilities in {@link #labels()} order: summing to one for a softmax, each its own for sigmoids. */
    @Override
    public double[] probabilities(float[] x) {
        if (x.length != dims) {
            throw new IllegalArgumentException("expected " + dims + " dimensions, got " + x.length);
        }
        double[] z = new double[labels.size()];
        float[] hid = new float[hidden];
        hiddenByInput(byInput, x, dims, hidden, hid);
        output(kind, w2, hidden, labels.size(), hid, z);
        return z;
    }

    /** {@link #probabilities} as training works them out, unit by unit: for tests. */
    double[] probabilitiesAsTrained(float[] x) {
        double[] z = new double[labels.size()];
        forward(kind, w1, w2, x, dims, hidden, labels.size(), new float[hidden], z);
        return z;
    }

    @Override
    public void writeTagged(DataOutputStream out) throws IOException {
        out.writeUTF("mlp");
        write(out);
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeUTF(kind.name());
        out.writeInt(dims);
        out.writeInt(hidden);
        Io.writeLabels(out, labels);
        Io.writeFloats(out, w1);
        Io.writeFloats(out, w2);
    }

    public static Mlp read(DataInputStream in) throws IOException {
        if (in.readInt() != FORMAT) {
            throw new IOException("unknown network format");
        }
        LinearModel.Kind kind = LinearModel.Kind.valueOf(in.readUTF());
        int dims = in.readInt();
        int hidden = in.readInt();
        int k = in.readInt();
        if (dims < 1 || dims > 100_000 || hidden < 1 || hidden > 100_000 || k < 1 || k > 10_000) {
            throw new IOException("implausible network shape");
        }
        List<String> labels = Io.readLabels(in, k);
        float[] w1 = Io.readFloats(in, hidden * (dims + 1));
        return new Mlp(kind, labels, dims, hidden, w1, Io.readFloats(in, k * (hidden + 1)));
    }
}
