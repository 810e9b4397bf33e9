package org.waymark.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Random;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The classifier the learned nets put on sentence embeddings. */
class LinearModelTest {

    private static final LinearModel.Settings SETTINGS = new LinearModel.Settings(1e-4, 300, false);

    /** Points around one centre per class, in 16 dimensions. */
    private static float[][] clusters(int perClass, int classes, int[] classOf, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[classes][16];
        for (float[] c : centres) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) random.nextGaussian();
            }
        }
        float[][] x = new float[perClass * classes][16];
        for (int i = 0; i < x.length; i++) {
            classOf[i] = i % classes;
            for (int j = 0; j < 16; j++) {
                x[i][j] = centres[classOf[i]][j] + (float) (0.3 * random.nextGaussian());
            }
        }
        return x;
    }

    private static int best(double[] p) {
        int b = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[b]) {
                b = c;
            }
        }
        return b;
    }

    @Test
    void aSoftmaxLearnsSeparateClassesAndItsProbabilitiesSumToOne() {
        int[] y = new int[120];
        float[][] x = clusters(40, 3, y, 1);
        LinearModel m = LinearModel.softmax(x, y, List.of("a", "b", "c"), SETTINGS);

        int[] testY = new int[60];
        float[][] test = clusters(20, 3, testY, 1); // same centres, other points
        for (int i = 0; i < test.length; i++) {
            double[] p = m.probabilities(test[i]);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, Offset.offset(1e-9));
            assertThat(best(p)).isEqualTo(testY[i]);
        }
    }

    @Test
    void sigmoidsFindTwoLabelsOnOneExample() {
        // label 0 when x0 > 0, label 1 when x1 > 0, independently: some examples carry both
        Random random = new Random(2);
        float[][] x = new float[400][4];
        boolean[][] t = new boolean[400][2];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            t[i][0] = x[i][0] > 0;
            t[i][1] = x[i][1] > 0;
        }
        LinearModel m = LinearModel.sigmoid(x, t, List.of("first", "second"), SETTINGS);

        double[] both = m.probabilities(new float[] {2, 2, 0, 0});
        double[] neither = m.probabilities(new float[] {-2, -2, 0, 0});
        assertThat(both[0]).isGreaterThan(0.9);
        assertThat(both[1]).isGreaterThan(0.9);
        assertThat(neither[0]).isLessThan(0.1);
        assertThat(neither[1]).isLessThan(0.1);
    }

    @Test
    void balancedWeightsLiftARareClass() {
        // 190 of one class, 10 of another, overlapping: unweighted, the rare class is hardly ever likeliest
        Random random = new Random(3);
        float[][] x = new float[200][2];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i < 10 ? 1 : 0;
            x[i][0] = (float) (random.nextGaussian() + (y[i] == 1 ? 1.0 : 0.0));
            x[i][1] = (float) random.nextGaussian();
        }
        LinearModel plain = LinearModel.softmax(x, y, List.of("common", "rare"), SETTINGS);
        LinearModel balanced = LinearModel.softmax(x, y, List.of("common", "rare"),
                new LinearModel.Settings(1e-4, 300, true));
        float[] rareLooking = {1.0f, 0f};
        assertThat(balanced.probabilities(rareLooking)[1]).isGreaterThan(plain.probabilities(rareLooking)[1] + 0.2);
    }

    @Test
    void aWrittenModelReadsBackExactly() throws Exception {
        int[] y = new int[60];
        float[][] x = clusters(20, 3, y, 4);
        LinearModel m = LinearModel.softmax(x, y, List.of("a", "b", "c"), SETTINGS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.write(new DataOutputStream(bytes));

        LinearModel back = LinearModel.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(back.labels()).containsExactly("a", "b", "c");
        assertThat(back.kind()).isEqualTo(LinearModel.Kind.SOFTMAX);
        for (float[] xi : x) {
            assertThat(back.probabilities(xi)).containsExactly(m.probabilities(xi));
        }
    }

    @Test
    void trainingIsTheSameEveryTime() {
        int[] y = new int[90];
        float[][] x = clusters(30, 3, y, 5);
        LinearModel a = LinearModel.softmax(x, y, List.of("a", "b", "c"), SETTINGS);
        LinearModel b = LinearModel.softmax(x, y, List.of("a", "b", "c"), SETTINGS);
        assertThat(a.probabilities(x[7])).containsExactly(b.probabilities(x[7]));
    }

    @Test
    void aVectorOfTheWrongLengthIsRefused() {
        int[] y = new int[30];
        LinearModel m = LinearModel.softmax(clusters(10, 3, y, 6), y, List.of("a", "b", "c"), SETTINGS);
        assertThatThrownBy(() -> m.probabilities(new float[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void foldsSpreadEveryLabelEvenlyAndAreTheSameEveryRun() {
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < 53; i++) {
            labels.add(i < 50 ? "common" : "rare");
        }
        int[] folds = Folds.stratified(labels, 5, 9);
        assertThat(Folds.stratified(labels, 5, 9)).containsExactly(folds);
        int[] common = new int[5];
        java.util.Set<Integer> rareFolds = new java.util.HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equals("common")) {
                common[folds[i]]++;
            } else {
                rareFolds.add(folds[i]);
            }
        }
        assertThat(common).containsOnly(10);
        assertThat(rareFolds).hasSize(3);
    }
}
