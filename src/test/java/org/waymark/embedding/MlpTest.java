package org.waymark.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The net on sentence embeddings that the risk check, the needs and the intents read a message with. */
class MlpTest {

    @Test
    void aMessageIsReadToTheSameFloatsAsTrainingReadsItWhateverTheShape() throws IOException {
        // probabilities() runs the hidden layer input by input (vectorised) where training runs it unit by unit: the
        // same sums in the same order, so a shipped net decides every message exactly as it did when trained
        for (int[] shape : new int[][] {{384, 256, 9}, {384, 128, 20}, {384, 64, 2}, {7, 5, 3}, {3, 1, 2}}) {
            int dims = shape[0];
            int classes = shape[2];
            Random random = new Random(dims * 31L + shape[1]);
            float[][] x = new float[40][dims];
            int[] classOf = new int[x.length];
            boolean[][] labelled = new boolean[x.length][classes];
            for (int n = 0; n < x.length; n++) {
                classOf[n] = n % classes;
                labelled[n][(n * 7) % classes] = true;
                for (int i = 0; i < dims; i++) {
                    x[n][i] = (float) (0.05 * random.nextGaussian()) + (i % classes == classOf[n] ? 0.1f : 0f);
                }
            }
            List<String> labels = java.util.stream.IntStream.range(0, classes).mapToObj(c -> "c" + c).toList();
            Mlp.Settings settings = new Mlp.Settings(shape[1], 2, 1e-4);
            for (Mlp net : List.of(Mlp.train(x, classOf, labels, settings, 5), Mlp.sigmoid(x, labelled, labels,
                    settings, 5))) {
                Mlp read = reread(net);
                for (int n = 0; n < x.length; n++) {
                    float[] probe = x[n].clone();
                    probe[n % dims] += (float) random.nextGaussian();
                    assertThat(net.probabilities(probe)).as("shape %s", java.util.Arrays.toString(shape))
                            .containsExactly(net.probabilitiesAsTrained(probe));
                    assertThat(read.probabilities(probe)).containsExactly(net.probabilities(probe));
                }
            }
        }
    }

    private static Mlp reread(Mlp net) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            net.write(out);
        }
        return Mlp.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
