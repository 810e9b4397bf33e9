package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.Averaged;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * {@code nlu train-risk en} with {@code -Dwaymark.risk.members=N}: the net on sentence embeddings is the average
 * of N nets started from other seeds (measured on 8 December and not shipped: docs/nlu.md); the net that ships is
 * one.
 */
class AveragedRiskNetTest {

    private static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add("abuse_safeguarding purple elephants dance on me " + i);
            lines.add("none hello there friend " + i);
            lines.add("none the bus was late again " + i);
        }
        return lines;
    }

    @Test
    void membersAreAveragedAndReadBackAsTheyWereTrained() throws Exception {
        TextNormaliser normaliser = new TextNormaliser();
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        RiskNet one = RiskNet.train(lines(), normaliser, new RiskPatterns(), embeddings, RiskNet.DEFAULT);
        RiskNet three = RiskNet.train(lines(), normaliser, new RiskPatterns(), embeddings,
                RiskNet.DEFAULT.withMembers(3));
        assertThat(one.embeddingNet()).isNotInstanceOf(Averaged.class);
        assertThat(three.embeddingNet()).isInstanceOf(Averaged.class);
        assertThat(((Averaged) three.embeddingNet()).members()).hasSize(3);

        float[] vector = embeddings.embed("purple elephants dance on me");
        RiskNet read = RiskNet.read(three.bytes());
        assertThat(read.embeddingNet().probabilities(vector)).containsExactly(
                three.embeddingNet().probabilities(vector));
        assertThat(read.judge(vector).category()).isEqualTo(RiskCategory.ABUSE_SAFEGUARDING);
        // the first member is the single net's seed, so the single net is one of the average's members
        assertThat(((Averaged) three.embeddingNet()).members().get(0).probabilities(vector))
                .containsExactly(one.embeddingNet().probabilities(vector));
    }

    @Test
    void anAverageOfNoneOrManyIsRefused() {
        assertThatThrownBy(() -> RiskNet.DEFAULT.withMembers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RiskNet.DEFAULT.withMembers(17)).isInstanceOf(IllegalArgumentException.class);
    }
}
