package org.waymark.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The sentence embedding model that ships in the jar: loaded once, offline, and meaning-aware. */
class SentenceEmbeddingsTest {

    private static final SentenceEmbeddings MODEL = SentenceEmbeddings.shared();

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void wordingsOfOneMeaningAreCloserThanOtherMeanings() {
        float[] wish = MODEL.embed("I don't want to be alive any more").clone();
        float[] sameMeaning = MODEL.embed("i wish i could just not wake up").clone();
        float[] other = MODEL.embed("is there a walking group on tuesdays").clone();
        assertThat(cosine(wish, sameMeaning)).isGreaterThan(cosine(wish, other) + 0.2);
    }

    @Test
    void vectorsAreUnitLengthAndTheSameForTheSameText() {
        float[] a = MODEL.embed("skint and lonely").clone();
        MODEL.embed("something else");
        float[] b = MODEL.embed("skint and lonely");
        assertThat(a).hasSize(SentenceEmbeddings.DIMENSIONS).containsExactly(b);
        assertThat(cosine(a, a)).isBetween(0.999, 1.001);
    }

    @Test
    void aBlankTextIsAllZerosNotAnError() {
        assertThat(MODEL.embed("   ")).containsOnly(0f);
        assertThat(MODEL.embed(null)).hasSize(SentenceEmbeddings.DIMENSIONS).containsOnly(0f);
    }

    @Test
    void manyTextsAtOnceGiveWhatEachGivesAlone() {
        List<float[]> all = MODEL.embedAll(List.of("hello", "I need help with money"));
        assertThat(all.get(1)).containsExactly(MODEL.embed("I need help with money"));
    }

    @Test
    void theModelRunsOfflineAndLoadsOncePerJvm() {
        assertThat(SentenceEmbeddings.shared()).isSameAs(MODEL);
        // the tokenizer library is told never to download or report usage
        assertThat(System.getProperty("ai.djl.offline", System.getenv("DJL_OFFLINE"))).isEqualTo("true");
        assertThat(System.getProperty("OPT_OUT_TRACKING", System.getenv("OPT_OUT_TRACKING"))).isEqualTo("true");
        assertThat(MODEL.loadMillis()).isPositive();
    }
}
