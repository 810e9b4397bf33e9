package org.waymark.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link Mlp}s trained on the same examples from different seeds, their probabilities averaged: a net trained
 * on a few dozen sentences depends on its random start, and the average of a few starts depends on it less.
 * Immutable and thread-safe.
 */
public final class MlpBag implements Classifier {

    private static final int FORMAT = 1;

    private final List<Mlp> members;

    private MlpBag(List<Mlp> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a bag needs at least one net");
        }
        for (Mlp m : members) {
            if (!m.labels().equals(members.get(0).labels())) {
                throw new IllegalArgumentException("the nets of a bag must share their labels");
            }
        }
        this.members = List.copyOf(members);
    }

    /** {@code size} softmax nets, seeds {@code seed}, {@code seed + 1}, and so on. */
    public static MlpBag train(float[][] x, int[] classOf, List<String> labels, Mlp.Settings settings, long seed,
                               int size) {
        List<Mlp> nets = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            nets.add(Mlp.train(x, classOf, labels, settings, seed + i));
        }
        return new MlpBag(nets);
    }

    public int size() {
        return members.size();
    }

    @Override
    public List<String> labels() {
        return members.get(0).labels();
    }

    @Override
    public double[] probabilities(float[] x) {
        double[] sum = null;
        for (Mlp m : members) {
            double[] p = m.probabilities(x);
            if (sum == null) {
                sum = p;
            } else {
                for (int c = 0; c < p.length; c++) {
                    sum[c] += p[c];
                }
            }
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] /= members.size();
        }
        return sum;
    }

    @Override
    public void writeTagged(DataOutputStream out) throws IOException {
        out.writeUTF("mlp-bag");
        out.writeInt(FORMAT);
        out.writeInt(members.size());
        for (Mlp m : members) {
            m.write(out);
        }
    }

    static MlpBag read(DataInputStream in) throws IOException {
        if (in.readInt() != FORMAT) {
            throw new IOException("unknown bag format");
        }
        int n = in.readInt();
        if (n < 1 || n > 100) {
            throw new IOException("implausible bag size " + n);
        }
        List<Mlp> nets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nets.add(Mlp.read(in));
        }
        try {
            return new MlpBag(nets);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
