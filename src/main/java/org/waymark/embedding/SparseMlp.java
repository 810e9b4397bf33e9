package org.waymark.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * {@link Mlp}'s one hidden layer of rectified linear units, with a softmax or one sigmoid per label, over sparse
 * inputs ({@link CharGrams}' hashed n-grams: tens of features set among 32,768). The first layer is kept input by
 * input, so a message costs only its own features, and Adam updates only the rows a batch touched (lazily, as
 * sparse Adam does; L2 decay too). Seeded start and order: the same data give the same model. Immutable and
 * thread-safe once built.
 */
public final class SparseMlp implements Classifier {

    private static final int FORMAT = 2;
    private static final int BATCH = 32;
    static final double LEARNING_RATE = 2e-3;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final LinearModel.Kind kind;
    private final List<String> labels;
    private final int dims;
    private final int hidden;
    /** (dims + 1) x hidden: input i's weights to every hidden unit, then the hidden biases. */
    private final float[] w1;
    /** labels x (hidden + 1): weights then bias in each row. */
    private final float[] w2;

    private SparseMlp(LinearModel.Kind kind, List<String> labels, int dims, int hidden, float[] w1, float[] w2) {
        this.kind = kind;
        this.labels = List.copyOf(labels);
        this.dims = dims;
        this.hidden = hidden;
        this.w1 = w1;
        this.w2 = w2;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    /** A softmax over exclusive classes: {@code classOf[i]} is example {@code i}'s class. */
    public static SparseMlp train(int dims, List<SparseVector> x, int[] classOf, List<String> labels,
                                  Mlp.Settings settings, long seed) {
        boolean[][] target = new boolean[x.size()][labels.size()];
        for (int i = 0; i < x.size(); i++) {
            target[i][classOf[i]] = true;
        }
        return train(LinearModel.Kind.SOFTMAX, dims, x, target, labels, settings, seed);
    }

    /** One sigmoid per label: {@code target[i][k]} says whether example {@code i} has label {@code k}. */
    public static SparseMlp sigmoid(int dims, List<SparseVector> x, boolean[][] target, List<String> labels,
                                    Mlp.Settings settings, long seed) {
        return train(LinearModel.Kind.SIGMOID, dims, x, target, labels, settings, seed);
    }

    private static SparseMlp train(LinearModel.Kind kind, int d, List<SparseVector> x, boolean[][] target,
                                   List<String> labels, Mlp.Settings settings, long seed) {
        int n = x.size();
        int h = settings.hidden();
        int k = labels.size();
        Random random = new Random(seed);
        float[] w1 = new float[(d + 1) * h];
        float[] w2 = new float[k * (h + 1)];
        // inputs are L2-normalised with about a hundred set: scale as for that many inputs, not d
        double scale1 = Math.sqrt(2.0 / 100);
        // only the inputs the data use start random: the rest stay zero, so a feature never seen adds nothing
        boolean[] seen = new boolean[d];
        for (SparseVector v : x) {
            for (int i : v.index()) {
                seen[i] = true;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < h; j++) {
                double r = random.nextGaussian() * scale1;
                if (seen[i]) {
                    w1[i * h + j] = (float) r;
                }
            }
        }
        double scale2 = Math.sqrt(1.0 / h);
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < h; j++) {
                w2[c * (h + 1) + j] = (float) (random.nextGaussian() * scale2);
            }
        }
        float[] g1 = new float[w1.length];
        float[] g2 = new float[w2.length];
        float[] m1 = new float[w1.length];
        float[] v1 = new float[w1.length];
        double[] m2 = new double[w2.length];
        double[] v2 = new double[w2.length];
        boolean[] touched = new boolean[d + 1];
        int[] rows = new int[BATCH * 256 + 1];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] hid = new float[h];
        float[] dh = new float[h];
        double[] z = new double[k];
        int t = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                java.util.Arrays.fill(g2, 0f);
                int touchedCount = 0;
                for (int b = start; b < end; b++) {
                    SparseVector xi = x.get(order[b]);
                    forward(kind, w1, w2, xi, d, h, k, hid, z);
                    java.util.Arrays.fill(dh, 0f);
                    for (int c = 0; c < k; c++) {
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
                            dh[j] = 0;
                        }
                    }
                    for (int p = 0; p <= xi.size(); p++) {
                        int row = p < xi.size() ? xi.index()[p] : d;
                        float v = p < xi.size() ? xi.value()[p] : 1f;
                        if (!touched[row]) {
                            touched[row] = true;
                            if (touchedCount == rows.length) {
                                rows = java.util.Arrays.copyOf(rows, rows.length * 2);
                            }
                            rows[touchedCount++] = row;
                        }
                        int base = row * h;
                        for (int j = 0; j < h; j++) {
                            g1[base + j] += v * dh[j];
                        }
                    }
                }
                t++;
                float count = end - start;
                double b1 = 1 - Math.pow(BETA1, t);
                double b2 = 1 - Math.pow(BETA2, t);
                for (int r = 0; r < touchedCount; r++) {
                    int row = rows[r];
                    boolean bias = row == d;
                    int base = row * h;
                    for (int j = 0; j < h; j++) {
                        int p = base + j;
                        double g = g1[p] / count + (bias ? 0 : settings.l2() * w1[p]);
                        m1[p] = (float) (BETA1 * m1[p] + (1 - BETA1) * g);
                        v1[p] = (float) (BETA2 * v1[p] + (1 - BETA2) * g * g);
                        w1[p] -= (float) (LEARNING_RATE * (m1[p] / b1) / (Math.sqrt(v1[p] / b2) + EPSILON));
                        g1[p] = 0;
                    }
                    touched[row] = false;
                }
                for (int p = 0; p < w2.length; p++) {
                    double g = g2[p] / count + (p % (h + 1) == h ? 0 : settings.l2() * w2[p]);
                    m2[p] = BETA1 * m2[p] + (1 - BETA1) * g;
                    v2[p] = BETA2 * v2[p] + (1 - BETA2) * g * g;
                    w2[p] -= (float) (LEARNING_RATE * (m2[p] / b1) / (Math.sqrt(v2[p] / b2) + EPSILON));
                }
            }
        }
        quantise(w1, d + 1, h);
        return new SparseMlp(kind, labels, d, h, w1, w2);
    }

    /**
     * Rounds each input's weights to 255 steps of its largest, as they are stored ({@link #write}), so the net
     * trained is exactly the net read back.
     */
    private static void quantise(float[] w1, int rows, int h) {
        for (int r = 0; r < rows; r++) {
            float scale = rowScale(w1, r, h);
            for (int j = 0; j < h; j++) {
                w1[r * h + j] = scale == 0 ? 0 : Math.round(w1[r * h + j] / scale) * scale;
            }
        }
    }

    private static float rowScale(float[] w1, int r, int h) {
        float max = 0;
        for (int j = 0; j < h; j++) {
            max = Math.max(max, Math.abs(w1[r * h + j]));
        }
        return max / 127f;
    }

    private static void forward(LinearModel.Kind kind, float[] w1, float[] w2, SparseVector x, int d, int h, int k,
                                float[] hid, double[] z) {
        System.arraycopy(w1, d * h, hid, 0, h);
        int[] index = x.index();
        float[] value = x.value();
        for (int p = 0; p < index.length; p++) {
            int base = index[p] * h;
            float v = value[p];
            for (int j = 0; j < h; j++) {
                hid[j] += v * w1[base + j];
            }
        }
        for (int j = 0; j < h; j++) {
            hid[j] = hid[j] > 0 ? hid[j] : 0;
        }
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

    /** Probabilities in {@link #labels()} order. */
    public double[] probabilities(SparseVector x) {
        for (int i : x.index()) {
            if (i < 0 || i >= dims) {
                throw new IllegalArgumentException("feature " + i + " outside " + dims + " dimensions");
            }
        }
        double[] z = new double[labels.size()];
        forward(kind, w1, w2, x, dims, hidden, labels.size(), new float[hidden], z);
        return z;
    }

    /** A dense vector, read as sparse. */
    @Override
    public double[] probabilities(float[] x) {
        if (x.length != dims) {
            throw new IllegalArgumentException("expected " + dims + " dimensions, got " + x.length);
        }
        int n = 0;
        for (float f : x) {
            n += f != 0 ? 1 : 0;
        }
        int[] index = new int[n];
        float[] value = new float[n];
        n = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0) {
                index[n] = i;
                value[n++] = x[i];
            }
        }
        return probabilities(new SparseVector(index, value));
    }

    @Override
    public void writeTagged(DataOutputStream out) throws IOException {
        out.writeUTF("sparse-mlp");
        write(out);
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeUTF(kind.name());
        out.writeInt(dims);
        out.writeInt(hidden);
        Io.writeLabels(out, labels);
        // the first layer as bytes, each input's row with its own scale (an unused input: a zero scale alone)
        for (int r = 0; r <= dims; r++) {
            float scale = rowScale(w1, r, hidden);
            out.writeFloat(scale);
            if (scale != 0) {
                byte[] row = new byte[hidden];
                for (int j = 0; j < hidden; j++) {
                    row[j] = (byte) Math.round(w1[r * hidden + j] / scale);
                }
                out.write(row);
            }
        }
        Io.writeFloats(out, w2);
    }

    public static SparseMlp read(DataInputStream in) throws IOException {
        if (in.readInt() != FORMAT) {
            throw new IOException("unknown sparse network format");
        }
        LinearModel.Kind kind = LinearModel.Kind.valueOf(in.readUTF());
        int dims = in.readInt();
        int hidden = in.readInt();
        int k = in.readInt();
        if (dims < 1 || dims > 1 << 22 || hidden < 1 || hidden > 4096 || k < 1 || k > 10_000) {
            throw new IOException("implausible network shape");
        }
        List<String> labels = Io.readLabels(in, k);
        float[] w1 = new float[(dims + 1) * hidden];
        byte[] row = new byte[hidden];
        for (int r = 0; r <= dims; r++) {
            float scale = in.readFloat();
            if (scale != 0) {
                in.readFully(row);
                for (int j = 0; j < hidden; j++) {
                    w1[r * hidden + j] = row[j] * scale;
                }
            }
        }
        return new SparseMlp(kind, labels, dims, hidden, w1, Io.readFloats(in, k * (hidden + 1)));
    }
}
