package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.taxonomy.Need;

/** The needs model on sentence embeddings: one sigmoid and one threshold per need. */
class EmbeddingNeedsTest {

    private static final SentenceEmbeddings EMBEDDINGS = SentenceEmbeddings.shared();

    @Test
    void aSecondNeedInOneMessageIsFound() {
        // issue 15's example: money and mood, where the maxent on character n-grams found money alone
        assertThat(TestNlu.NLU.parse("cant pay rent and the bills keep coming, im so stressed").needs())
                .contains(Need.MONEY, Need.MENTAL_WELLBEING);
    }

    @Test
    void aThirdNeedInALongerMessageIsFoundSentenceBySentence() {
        assertThat(TestNlu.NLU.parse("I care for my mum with dementia and never get out. I'd love to try painting "
                + "and meet people").needs()).contains(Need.CARERS_SUPPORT, Need.ARTS_CREATIVITY, Need.LONELINESS);
    }

    @Test
    void eachNeedHasItsOwnThresholdChosenByCrossValidation() {
        EmbeddingNeeds model = TestNlu.MODELS.embeddedNeeds();
        List<Double> thresholds = new ArrayList<>();
        for (Need n : Need.values()) {
            thresholds.add(model.threshold(n));
        }
        assertThat(thresholds).allSatisfy(t -> assertThat(t).isBetween(0.05, 0.95));
        assertThat(Set.copyOf(thresholds)).as("not one threshold for all").hasSizeGreaterThan(1);
    }

    @Test
    void aWrittenModelReadsBackWithItsThresholds() throws Exception {
        EmbeddingNeeds model = TestNlu.MODELS.embeddedNeeds();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes);
        EmbeddingNeeds back = EmbeddingNeeds.read(new ByteArrayInputStream(bytes.toByteArray()));
        float[] v = EMBEDDINGS.embed("i'd love to learn to paint and get out of the house").clone();
        assertThat(back.probabilities(v)).containsExactly(model.probabilities(v));
        for (Need n : Need.values()) {
            assertThat(back.threshold(n)).isEqualTo(model.threshold(n));
        }
    }

    @Test
    void aLongMessageIsAlsoReadSentenceBySentence() {
        assertThat(EmbeddingNeeds.clauses("I lost my job. The rent is late! Am I alone?\nno")).containsExactly(
                "I lost my job", "The rent is late", "Am I alone", "no");
        assertThat(EmbeddingNeeds.clauses("one. two. three. four. five. six. seven. eight. nine. ten"))
                .hasSize(EmbeddingNeeds.MAX_CLAUSES);
        assertThat(EmbeddingNeeds.clauses("just one")).containsExactly("just one");
    }
}
