package org.waymark.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** {@code nlu evaluate-risk} and {@code evaluate-needs} take the language from the flag, else from the path. */
class LabelledLinesLanguageTest {

    @Test
    void theFlagWinsThenTheFolderAfterNlpModelsThenEnglish() {
        assertThat(LabelledLines.language(Path.of("nlp-models/bn/kept-apart/risk.tsv"), null)).isEqualTo("bn");
        assertThat(LabelledLines.language(Path.of("/work/x/nlp-models/bn/kept-apart/needs.tsv"), null))
                .isEqualTo("bn");
        assertThat(LabelledLines.language(Path.of("nlp-models/kept-apart/risk.tsv"), null)).isEqualTo("en");
        assertThat(LabelledLines.language(Path.of("some/where/risk.tsv"), null)).isEqualTo("en");
        assertThat(LabelledLines.language(Path.of("some/where/risk.tsv"), "BN")).isEqualTo("bn");
        assertThat(LabelledLines.language(Path.of("nlp-models/bn/kept-apart/risk.tsv"), "en")).isEqualTo("en");
    }

    @Test
    void theFlagIsFoundAndTakenOutOfTheArguments() {
        String[] args = {"evaluate-risk", "--language=bn", "file.tsv"};
        assertThat(LabelledLines.languageFlag(args)).isEqualTo("bn");
        assertThat(LabelledLines.withoutLanguageFlag(args)).containsExactly("evaluate-risk", "file.tsv");
        assertThat(LabelledLines.languageFlag(new String[] {"evaluate-risk", "file.tsv"})).isNull();
    }
}
