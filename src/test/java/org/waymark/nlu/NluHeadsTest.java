package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.Averaged;
import org.waymark.embedding.Prototypes;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * A practice's model version (issue 20) when the intent member is a net and its examples' prototypes (the fourth
 * grid of docs/intents-benchmark.md): a correction joins the examples, and the version's bytes hold only what it
 * added, so a version in Redis stays small; it is read back over the shipped heads, and refused without them.
 */
class NluHeadsTest {

    private static final String MESSAGE = "nice one, sorted";

    @Test
    void aRetrainKeepsItsCorrectionsBesideTheShippedExamplesAndWritesOnlyThose() throws IOException {
        NluHeads shipped = TestNlu.NLU.heads();
        assertThat(TestNlu.NLU.parse(MESSAGE).intent().name()).as("misread as shipped").isNotEqualTo(Intents.THANKS);
        assertThat(shipped.intent.classifier()).isInstanceOf(Averaged.class);
        Prototypes examples = (Prototypes) ((Averaged) shipped.intent.classifier()).members().get(1);
        int shippedRows = examples.size();
        assertThat(shippedRows).as("every intent example is kept").isGreaterThan(3000);

        NluHeads.Settings settings = new NluHeads.Settings(1, 10, 3e-4);
        NluHeads retrained = NluHeads.retrain(shipped, OpenNlpNlu.trainingData(Path.of("nlp-models")),
                List.of(new NluHeads.Lesson(MESSAGE, Intents.THANKS, null)), settings);
        Prototypes grown = (Prototypes) ((Averaged) retrained.intent.classifier()).members().get(1);
        // a version's rows are written against the shipped examples, so a retrain never starts from a version
        assertThatThrownBy(() -> NluHeads.retrain(retrained, OpenNlpNlu.trainingData(Path.of("nlp-models")),
                List.of(), settings)).isInstanceOf(IllegalStateException.class);
        assertThat(grown.size()).as("the correction, as many times as the net saw it").isEqualTo(shippedRows + 10);

        byte[] bytes = retrained.bytes();
        assertThat(bytes.length).as("the version's bytes leave the shipped examples out")
                .isLessThan(shipped.bytes().length / 4);
        NluHeads back = NluHeads.read(bytes, shipped);
        float[] vector = SentenceEmbeddings.shared().embed(MESSAGE);
        assertThat(back.intent.classifier().probabilities(vector))
                .containsExactly(retrained.intent.classifier().probabilities(vector));
        assertThat(back.intent.weight()).isEqualTo(retrained.intent.weight());
        assertThat(TestNlu.NLU.withHeads(back).parse(MESSAGE).intent().name()).isEqualTo(Intents.THANKS);

        assertThatThrownBy(() -> NluHeads.read(bytes, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("shipped intent prototypes");
        byte[] huge = bytes.clone();
        // the number of added rows comes after the format, the weight, the kind and the net
        int rowsAt = rowCountOffset(bytes, retrained);
        huge[rowsAt] = 0x7f;
        assertThatThrownBy(() -> NluHeads.read(huge, shipped)).isInstanceOf(IOException.class)
                .hasMessageContaining("implausible number of added intent rows");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> NluHeads.read(truncated, shipped)).isInstanceOf(IOException.class);
        // the shipped heads themselves, written whole, read back without any base
        assertThat(NluHeads.read(shipped.bytes(), null).intent.classifier().probabilities(vector))
                .containsExactly(shipped.intent.classifier().probabilities(vector));
    }

    /** Where the heads' bytes give the number of added rows: after the format, weight, kind byte and the net. */
    private static int rowCountOffset(byte[] bytes, NluHeads heads) throws IOException {
        java.io.ByteArrayOutputStream net = new java.io.ByteArrayOutputStream();
        ((Averaged) heads.intent.classifier()).members().get(0).writeTagged(new java.io.DataOutputStream(net));
        return Integer.BYTES + Double.BYTES + 1 + net.size();
    }
}
