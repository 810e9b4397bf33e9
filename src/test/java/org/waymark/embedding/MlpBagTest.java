package org.waymark.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The bag of nets `nlu cv-intents` weighs against one net (docs/intents-benchmark.md, the second grid). */
class MlpBagTest {

    private static final Mlp.Settings SETTINGS = new Mlp.Settings(8, 200, 1e-4);
    private static final List<String> LABELS = List.of("a", "b", "c");

    private static float[][] points(int n, int[] classOf) {
        Random random = new Random(3);
        float[][] x = new float[n][6];
        for (int i = 0; i < n; i++) {
            classOf[i] = i % 3;
            for (int j = 0; j < 6; j++) {
                x[i][j] = (j == classOf[i] ? 2f : 0f) + (float) (0.5 * random.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void aBagGivesTheMeanOfItsNetsFromConsecutiveSeeds() {
        int[] y = new int[60];
        float[][] x = points(60, y);
        MlpBag bag = MlpBag.train(x, y, LABELS, SETTINGS, 15, 3);
        float[] probe = {2, 0, 0, 0, 0, 0};
        double[] mean = new double[3];
        for (long seed = 15; seed < 18; seed++) {
            double[] p = Mlp.train(x, y, LABELS, SETTINGS, seed).probabilities(probe);
            for (int c = 0; c < 3; c++) {
                mean[c] += p[c] / 3;
            }
        }
        double[] got = bag.probabilities(probe);
        for (int c = 0; c < 3; c++) {
            assertThat(got[c]).isCloseTo(mean[c], Offset.offset(1e-12));
        }
        assertThat(got[0] + got[1] + got[2]).isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(got[0]).isGreaterThan(0.5);
        // one start alone is not the bag: the seeds differ
        assertThat(Mlp.train(x, y, LABELS, SETTINGS, 15).probabilities(probe)[0]).isNotEqualTo(got[0]);
    }

    @Test
    void aBagIsReadBackAsItWasWrittenAndAForgedSizeIsRefused() throws IOException {
        int[] y = new int[30];
        MlpBag bag = MlpBag.train(points(30, y), y, LABELS, SETTINGS, 1, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bag.writeTagged(new DataOutputStream(bytes));
        Classifier read = Classifier.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        float[] probe = {0, 0, 2, 0, 0, 0};
        assertThat(read).isInstanceOf(MlpBag.class);
        assertThat(read.labels()).isEqualTo(LABELS);
        assertThat(read.probabilities(probe)).containsExactly(bag.probabilities(probe));

        byte[] forged = bytes.toByteArray();
        int size = "mlp-bag".length() + 2 + 4; // the tag, then the format, then the size
        forged[size + 3] = 101;
        assertThatThrownBy(() -> Classifier.read(new DataInputStream(new ByteArrayInputStream(forged))))
                .isInstanceOf(IOException.class).hasMessageContaining("implausible bag size 101");
    }
}
