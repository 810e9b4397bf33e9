package org.waymark.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifiers of different kinds over the same labels, their probabilities averaged in equal parts (a net and
 * {@link Prototypes}, say: one learns a boundary, the other only remembers its examples). Immutable and thread-safe.
 */
public final class Averaged implements Classifier {

    private static final int FORMAT = 1;

    private final List<Classifier> members;

    public Averaged(List<Classifier> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an average needs at least one classifier");
        }
        for (Classifier c : members) {
            if (!c.labels().equals(members.get(0).labels())) {
                throw new IllegalArgumentException("the classifiers of an average must share their labels");
            }
        }
        this.members = List.copyOf(members);
    }

    public List<Classifier> members() {
        return members;
    }

    @Override
    public List<String> labels() {
        return members.get(0).labels();
    }

    @Override
    public double[] probabilities(float[] x) {
        double[] sum = new double[labels().size()];
        for (Classifier m : members) {
            double[] p = m.probabilities(x);
            for (int c = 0; c < p.length; c++) {
                sum[c] += p[c] / members.size();
            }
        }
        return sum;
    }

    @Override
    public void writeTagged(DataOutputStream out) throws IOException {
        out.writeUTF("average");
        out.writeInt(FORMAT);
        out.writeInt(members.size());
        for (Classifier m : members) {
            m.writeTagged(out);
        }
    }

    static Averaged read(DataInputStream in) throws IOException {
        if (in.readInt() != FORMAT) {
            throw new IOException("unknown average format");
        }
        int n = in.readInt();
        if (n < 1 || n > 16) {
            throw new IOException("implausible number of classifiers in an average " + n);
        }
        List<Classifier> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String kind = in.readUTF();
            if (kind.equals("average")) {
                // one level only, so a forged file cannot nest averages until the stack runs out
                throw new IOException("an average within an average");
            }
            members.add(Classifier.read(kind, in));
        }
        try {
            return new Averaged(members);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
