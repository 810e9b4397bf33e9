package org.waymark.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A linear classifier over dense vectors (sentence embeddings): either one softmax over mutually exclusive classes
 * (multinomial logistic regression) or one sigmoid per label (one-vs-rest, for multi-label). Trained by full-batch
 * gradient descent with Adam on the mean weighted cross-entropy plus an L2 penalty on the weights (not the biases);
 * the problem is convex, so a fixed number of steps from zero gives the same model every time. Immutable and
 * thread-safe once built.
 */
public final class LinearModel implements Classifier {

    /** Softmax over classes, or an independent sigmoid per label. */
    public enum Kind { SOFTMAX, SIGMOID }

    /** How a model is trained: L2 strength, steps, and whether classes are weighted to count alike. */
    public record Settings(double l2, int iterations, boolean balanced) {
        public Settings {
            if (l2 < 0 || iterations < 1) {
                throw new IllegalArgumentException("l2 must be >= 0 and iterations >= 1");
            }
        }
    }

    private static final int FORMAT = 1;
    private static final double LEARNING_RATE = 0.05;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Kind kind;
    private final List<String> labels;
    private final int dims;
    /** labels x (dims + 1): each row its weights, then its bias. */
    private final float[] weights;

    private LinearModel(Kind kind, List<String> labels, int dims, float[] weights) {
        this.kind = kind;
        this.labels = List.copyOf(labels);
        this.dims = dims;
        this.weights = weights;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    public int dims() {
        return dims;
    }

    /**
     * Trains a softmax model: {@code classOf[i]} is the index in {@code labels} of example {@code i}'s class.
     */
    public static LinearModel softmax(float[][] x, int[] classOf, List<String> labels, Settings settings) {
        boolean[][] target = new boolean[x.length][labels.size()];
        for (int i = 0; i < x.length; i++) {
            if (classOf[i] < 0 || classOf[i] >= labels.size()) {
                throw new IllegalArgumentException("example " + i + " has no class: " + classOf[i]);
            }
            target[i][classOf[i]] = true;
        }
        return train(Kind.SOFTMAX, x, target, labels, settings);
    }

    /** Trains one sigmoid per label: {@code target[i][k]} says whether example {@code i} carries label {@code k}. */
    public static LinearModel sigmoid(float[][] x, boolean[][] target, List<String> labels, Settings settings) {
        return train(Kind.SIGMOID, x, target, labels, settings);
    }

    private static LinearModel train(Kind kind, float[][] x, boolean[][] target, List<String> labels,
                                     Settings settings) {
        if (x.length == 0 || x.length != target.length) {
            throw new IllegalArgumentException("need as many targets as examples, and at least one");
        }
        int n = x.length;
        int d = x[0].length;
        int k = labels.size();
        int stride = d + 1;
        float[][] exampleWeight = exampleWeights(kind, target, k, settings.balanced());
        float[] w = new float[k * stride];
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        int chunks = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / 256));
        float[][] partial = new float[chunks][w.length];
        for (int step = 1; step <= settings.iterations(); step++) {
            // the gradient, summed over the examples in a few chunks at once: the weights only change between steps
            java.util.stream.IntStream.range(0, chunks).parallel().forEach(part -> {
                float[] grad = partial[part];
                Arrays.fill(grad, 0f);
                double[] z = new double[k];
                for (int i = part * n / chunks, end = (part + 1) * n / chunks; i < end; i++) {
                    float[] xi = x[i];
                    scores(w, xi, d, k, z);
                    activate(kind, z);
                    for (int c = 0; c < k; c++) {
                        // d(loss)/d(score) is (p - y) for both softmax and sigmoid cross-entropy
                        float g = (float) ((z[c] - (target[i][c] ? 1 : 0)) * exampleWeight[i][c]);
                        int base = c * stride;
                        for (int j = 0; j < d; j++) {
                            grad[base + j] += g * xi[j];
                        }
                        grad[base + d] += g;
                    }
                }
            });
            double b1 = 1 - Math.pow(BETA1, step);
            double b2 = 1 - Math.pow(BETA2, step);
            for (int p = 0; p < w.length; p++) {
                double sum = 0;
                for (float[] grad : partial) {
                    sum += grad[p];
                }
                double g = sum / n + (p % stride == d ? 0 : settings.l2() * w[p]);
                m[p] = BETA1 * m[p] + (1 - BETA1) * g;
                v[p] = BETA2 * v[p] + (1 - BETA2) * g * g;
                w[p] -= (float) (LEARNING_RATE * (m[p] / b1) / (Math.sqrt(v[p] / b2) + EPSILON));
            }
        }
        return new LinearModel(kind, labels, d, w);
    }

    /**
     * Each example's weight in the loss, per label. Balanced: for softmax every class weighs as much in total; for
     * sigmoids the positives and negatives of each label weigh alike.
     */
    private static float[][] exampleWeights(Kind kind, boolean[][] target, int k, boolean balanced) {
        int n = target.length;
        float[][] out = new float[n][k];
        for (float[] row : out) {
            Arrays.fill(row, 1f);
        }
        if (!balanced) {
            return out;
        }
        int[] positives = new int[k];
        for (boolean[] t : target) {
            for (int c = 0; c < k; c++) {
                positives[c] += t[c] ? 1 : 0;
            }
        }
        for (int i = 0; i < n; i++) {
            if (kind == Kind.SOFTMAX) {
                int c = indexOfTrue(target[i]);
                float share = (float) n / (k * Math.max(1, positives[c]));
                Arrays.fill(out[i], share);
            } else {
                for (int c = 0; c < k; c++) {
                    int count = target[i][c] ? positives[c] : n - positives[c];
                    out[i][c] = (float) n / (2f * Math.max(1, count));
                }
            }
        }
        return out;
    }

    private static int indexOfTrue(boolean[] row) {
        for (int c = 0; c < row.length; c++) {
            if (row[c]) {
                return c;
            }
        }
        throw new IllegalArgumentException("a softmax example has no class");
    }

    /** Probabilities in {@link #labels()} order: they sum to one for softmax; each is its own for sigmoids. */
    @Override
    public double[] probabilities(float[] x) {
        if (x.length != dims) {
            throw new IllegalArgumentException("expected " + dims + " dimensions, got " + x.length);
        }
        double[] z = new double[labels.size()];
        scores(weights, x, dims, z.length, z);
        activate(kind, z);
        return z;
    }

    private static void activate(Kind kind, double[] z) {
        if (kind == Kind.SOFTMAX) {
            softmaxInPlace(z);
        } else {
            for (int c = 0; c < z.length; c++) {
                z[c] = sigmoid(z[c]);
            }
        }
    }

    /** Each label's weighted sum plus bias; four running sums keep the multiply-adds flowing. */
    private static void scores(float[] w, float[] x, int d, int k, double[] z) {
        int stride = d + 1;
        for (int c = 0; c < k; c++) {
            int base = c * stride;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int j = 0;
            for (; j + 3 < d; j += 4) {
                s0 += w[base + j] * x[j];
                s1 += w[base + j + 1] * x[j + 1];
                s2 += w[base + j + 2] * x[j + 2];
                s3 += w[base + j + 3] * x[j + 3];
            }
            for (; j < d; j++) {
                s0 += w[base + j] * x[j];
            }
            z[c] = (double) s0 + s1 + s2 + s3 + w[base + d];
        }
    }

    private static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : z) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
    }

    private static double sigmoid(double s) {
        return 1 / (1 + Math.exp(-s));
    }

    @Override
    public void writeTagged(DataOutputStream out) throws IOException {
        out.writeUTF("linear");
        write(out);
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeUTF(kind.name());
        out.writeInt(dims);
        Io.writeLabels(out, labels);
        Io.writeFloats(out, weights);
    }

    public static LinearModel read(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("unknown linear model format " + format);
        }
        Kind kind = Kind.valueOf(in.readUTF());
        int dims = in.readInt();
        int k = in.readInt();
        if (dims < 1 || dims > 100_000 || k < 1 || k > 10_000) {
            throw new IOException("implausible linear model shape " + k + " x " + dims);
        }
        List<String> labels = Io.readLabels(in, k);
        return new LinearModel(kind, labels, dims, Io.readFloats(in, k * (dims + 1)));
    }
}
