package org.waymark.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/** The pieces the classifiers' files share: labels, then weights, in the order they are written. */
final class Io {

    private Io() {
    }

    static void writeLabels(DataOutputStream out, List<String> labels) throws IOException {
        out.writeInt(labels.size());
        for (String l : labels) {
            out.writeUTF(l);
        }
    }

    /** {@code k} labels, as {@link #writeLabels} wrote them after their count (read by the caller). */
    static List<String> readLabels(DataInputStream in, int k) throws IOException {
        String[] labels = new String[k];
        for (int c = 0; c < k; c++) {
            labels[c] = in.readUTF();
        }
        return List.of(labels);
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float f : values) {
            out.writeFloat(f);
        }
    }

    /** {@code n} floats as {@link #writeFloats} wrote them (big-endian), read in one go rather than one by one. */
    static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] values = new float[n];
        byte[] bytes = new byte[Math.min(n, 1 << 16) * Float.BYTES];
        for (int done = 0; done < n; ) {
            int count = Math.min(n - done, bytes.length / Float.BYTES);
            in.readFully(bytes, 0, count * Float.BYTES);
            java.nio.ByteBuffer.wrap(bytes, 0, count * Float.BYTES).asFloatBuffer().get(values, done, count);
            done += count;
        }
        return values;
    }
}
