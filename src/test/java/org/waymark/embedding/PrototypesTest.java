package org.waymark.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The example-keeping members `nlu cv-intents` weighs against the net (docs/intents-benchmark.md, the fourth grid). */
class PrototypesTest {

    private static final List<String> LABELS = List.of("a", "b", "c");

    private static float[] unit(double... v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }

    /** Label a: three points near the first axis; b: two near the second and one stray near a's; c: none. */
    private static final float[][] X = {
        unit(1, 0.1, 0), unit(1, -0.1, 0), unit(1, 0, 0.1),
        unit(0.1, 1, 0), unit(-0.1, 1, 0), unit(0.9, 0.45, 0),
    };
    private static final int[] Y = {0, 0, 0, 1, 1, 1};

    @Test
    void centroidsRankByTheMeanOfALabelsExamplesAndTheNearestExampleByItself() {
        float[] nearTheStray = unit(0.9, 0.44, 0);
        Prototypes centroids = Prototypes.of(X, Y, LABELS, 0, 0.05);
        Prototypes nearest = Prototypes.of(X, Y, LABELS, 1, 0.05);
        double[] byCentroid = centroids.probabilities(nearTheStray);
        double[] byNearest = nearest.probabilities(nearTheStray);
        assertThat(byCentroid[0]).isGreaterThan(byCentroid[1]);
        assertThat(byNearest[1]).isGreaterThan(byNearest[0]);
        // a label without examples scores a similarity of -1: next to nothing
        assertThat(byCentroid[2]).isLessThan(1e-6);
        assertThat(byCentroid[0] + byCentroid[1] + byCentroid[2]).isCloseTo(1.0, Offset.offset(1e-9));
    }

    @Test
    void theMeanOfThreeNearestOutweighsOneStrayAndALowerTemperatureIsSurer() {
        float[] nearTheStray = unit(0.9, 0.44, 0);
        double[] three = Prototypes.of(X, Y, LABELS, 3, 0.05).probabilities(nearTheStray);
        assertThat(three[0]).isGreaterThan(three[1]);
        double sure = Prototypes.of(X, Y, LABELS, 0, 0.02).probabilities(unit(1, 0, 0))[0];
        double lessSure = Prototypes.of(X, Y, LABELS, 0, 0.1).probabilities(unit(1, 0, 0))[0];
        assertThat(sure).isGreaterThan(lessSure);
        assertThat(lessSure).isGreaterThan(0.5);
    }

    @Test
    void theScoresAreThePlainDotProductsSummedInOrderAndExamplesAddedLaterCountAsAnyOther() {
        java.util.Random random = new java.util.Random(7);
        int n = 60;
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] v = new double[16];
            for (int j = 0; j < v.length; j++) {
                v[j] = random.nextGaussian();
            }
            x[i] = unit(v);
            y[i] = i % 3;
        }
        float[] probe = x[5].clone();
        probe[0] += 0.1f;
        Prototypes three = Prototypes.of(x, y, LABELS, 3, 0.05);
        // the expected scores one point after another, each label's three best dot products averaged
        double[] score = new double[3];
        for (int c = 0; c < 3; c++) {
            List<Double> dots = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                double dot = 0;
                for (int j = 0; j < probe.length; j++) {
                    dot += probe[j] * x[i][j];
                }
                if (y[i] == c) {
                    dots.add(dot);
                }
            }
            dots.sort(java.util.Comparator.reverseOrder());
            score[c] = (dots.get(0) + dots.get(1) + dots.get(2)) / 3;
        }
        double max = Math.max(score[0], Math.max(score[1], score[2]));
        double[] e = new double[3];
        double total = 0;
        for (int c = 0; c < 3; c++) {
            e[c] = Math.exp((score[c] - max) / 0.05);
            total += e[c];
        }
        double[] got = three.probabilities(probe);
        for (int c = 0; c < 3; c++) {
            // to the bit: the float pass only chooses which points are worked out exactly
            assertThat(got[c]).isEqualTo(e[c] / total);
        }

        // a correction: the first 40 examples, then the other 20 added, score as all 60 kept at once
        Prototypes first = Prototypes.of(java.util.Arrays.copyOf(x, 40), java.util.Arrays.copyOf(y, 40), LABELS, 3,
                0.05);
        Prototypes grown = first.with(java.util.Arrays.copyOfRange(x, 40, n), java.util.Arrays.copyOfRange(y, 40, n));
        assertThat(grown.size()).isEqualTo(n);
        assertThat(grown.probabilities(probe)).containsExactly(got);
        assertThat(first.probabilities(probe)).isNotEqualTo(got);
        assertThatThrownBy(() -> Prototypes.of(x, y, LABELS, 0, 0.05).with(x, y))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void prototypesAndAnAverageAreReadBackAsWrittenAndForgedFilesAreRefused() throws IOException {
        Prototypes nearest = Prototypes.of(X, Y, LABELS, 3, 0.05);
        Averaged average = new Averaged(List.of(nearest, Prototypes.of(X, Y, LABELS, 0, 0.1)));
        float[] probe = unit(0.5, 0.5, 0.2);
        for (Classifier c : List.of(nearest, average)) {
            Classifier back = Classifier.read(new DataInputStream(new ByteArrayInputStream(bytes(c))));
            assertThat(back.labels()).isEqualTo(LABELS);
            assertThat(back.probabilities(probe)).containsExactly(c.probabilities(probe));
        }
        double[] a = nearest.probabilities(probe);
        double[] b = Prototypes.of(X, Y, LABELS, 0, 0.1).probabilities(probe);
        assertThat(average.probabilities(probe)[1]).isCloseTo((a[1] + b[1]) / 2, Offset.offset(1e-12));

        byte[] forged = bytes(nearest);
        // the label index of the first point, after the tag, format, k, temperature, dimensions and labels
        int labelsEnd = 2 + "prototypes".length() + 4 + 4 + 8 + 4 + 4 + 3 * 3;
        forged[labelsEnd + 4 + 3] = 7;
        assertThatThrownBy(() -> Classifier.read(new DataInputStream(new ByteArrayInputStream(forged))))
                .isInstanceOf(IOException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> nearest.probabilities(new float[2])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(Classifier c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.writeTagged(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
