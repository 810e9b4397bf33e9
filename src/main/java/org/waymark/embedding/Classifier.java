package org.waymark.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A trained classifier over embeddings ({@link LinearModel}, {@link Mlp}, {@link Prototypes} or an {@link Averaged}
 * of them, a bag of nets among them) or over hashed n-grams ({@link SparseMlp}). Thread-safe.
 */
public interface Classifier {

    List<String> labels();

    /** One probability per label, in {@link #labels()} order. */
    double[] probabilities(float[] x);

    /** Writes the classifier with a tag saying which kind it is, for {@link #read}. */
    void writeTagged(DataOutputStream out) throws IOException;

    static Classifier read(DataInputStream in) throws IOException {
        return read(in.readUTF(), in);
    }

    /** The classifier of the given kind, its tag already read. */
    static Classifier read(String kind, DataInputStream in) throws IOException {
        return switch (kind) {
            case "linear" -> LinearModel.read(in);
            case "mlp" -> Mlp.read(in);
            case "sparse-mlp" -> SparseMlp.read(in);
            case "prototypes" -> Prototypes.read(in);
            case "average" -> Averaged.read(in);
            default -> throw new IOException("unknown classifier kind " + kind);
        };
    }
}
