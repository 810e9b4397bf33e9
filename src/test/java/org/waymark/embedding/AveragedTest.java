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

/**
 * Classifiers averaged in equal parts: the shipped intent member (a net and its examples' prototypes) and the bags of
 * nets the second grid of docs/intents-benchmark.md weighed against one net.
 */
class AveragedTest {

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
    void anAverageIsTheMeanOfItsMembersAndRefusesMembersWithOtherLabels() {
        int[] y = new int[60];
        float[][] x = points(60, y);
        Mlp first = Mlp.train(x, y, LABELS, SETTINGS, 15);
        Mlp second = Mlp.train(x, y, LABELS, SETTINGS, 16);
        Averaged bag = new Averaged(List.of(first, second));
        float[] probe = {2, 0, 0, 0, 0, 0};
        double[] got = bag.probabilities(probe);
        for (int c = 0; c < 3; c++) {
            assertThat(got[c]).isEqualTo(first.probabilities(probe)[c] / 2 + second.probabilities(probe)[c] / 2);
        }
        assertThat(got[0] + got[1] + got[2]).isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(got[0]).isGreaterThan(0.5);
        // the seeds differ, so the mean is neither net alone
        assertThat(first.probabilities(probe)[0]).isNotEqualTo(got[0]);
        assertThatThrownBy(() -> new Averaged(List.of(first, Mlp.train(x, y, List.of("a", "b", "z"), SETTINGS, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAverageIsReadBackAsWrittenAndForgedOnesAreRefused() throws IOException {
        int[] y = new int[30];
        float[][] x = points(30, y);
        Averaged average = new Averaged(List.of(Mlp.train(x, y, LABELS, SETTINGS, 1),
                Prototypes.of(x, y, LABELS, 3, 0.05)));
        byte[] bytes = bytes(average);
        Classifier read = Classifier.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        float[] probe = {0, 0, 2, 0, 0, 0};
        assertThat(read).isInstanceOf(Averaged.class);
        assertThat(read.labels()).isEqualTo(LABELS);
        assertThat(read.probabilities(probe)).containsExactly(average.probabilities(probe));

        byte[] forged = bytes.clone();
        int size = "average".length() + 2 + 4; // the tag, then the format, then the number of members
        forged[size + 3] = 101;
        assertThatThrownBy(() -> Classifier.read(new DataInputStream(new ByteArrayInputStream(forged))))
                .isInstanceOf(IOException.class).hasMessageContaining("implausible number of classifiers");

        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(nested);
        out.writeUTF("average");
        out.writeInt(1);
        out.writeInt(1);
        average.writeTagged(out);
        assertThatThrownBy(() -> Classifier.read(new DataInputStream(new ByteArrayInputStream(nested.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("an average within an average");
    }

    private static byte[] bytes(Classifier c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.writeTagged(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
