package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk check by language: English is today's detector, unchanged; Bengali is the learned net on
 * {@code nlp-models/bn/risk/}, built as the app builds it; a language's phrase list raises at its level.
 */
class RiskByLanguageTest {

    static final RiskByLanguage LANGUAGES = RiskByLanguage.load(Path.of("nlp-models"));

    @Test
    void englishIsTodaysDetectorAndTheFallback() {
        RiskDetector english = LANGUAGES.forLanguage("en");
        assertThat(english).isInstanceOf(LayeredRiskDetector.class);
        assertThat(LANGUAGES.forLanguage(null)).isSameAs(english);
        assertThat(LANGUAGES.forLanguage("xx")).isSameAs(english);
        assertThat(LANGUAGES.languages()).contains("en", "bn");
        Risk risk = english.assess("I'm going to kill myself tonight");
        assertThat(risk.risky()).isTrue();
        assertThat(risk.category()).isEqualTo(RiskCategory.SUICIDE_SELF_HARM);
    }

    @Test
    void bengaliSuicidalIntentTonightIsUrgentOrAbove() {
        RiskDetector bn = LANGUAGES.forLanguage("bn");
        assertThat(bn).isInstanceOf(LanguageRiskDetector.class);
        for (String text : List.of("ami ajke raate nijeke mere felbo", "আমি আজ রাতে নিজেকে মেরে ফেলব")) {
            Risk risk = bn.assess(text);
            assertThat(risk.risky()).as(text + " -> " + risk.band()).isTrue();
            assertThat(risk.category()).as(text).isEqualTo(RiskCategory.SUICIDE_SELF_HARM);
        }
    }

    @Test
    void everyLanguagesCommittedRiskNetWasBuiltFromItsCommittedLines() {
        for (String code : RiskByLanguage.languages(Path.of("nlp-models"))) {
            assertThat(RiskByLanguage.training(Path.of("nlp-models"), code).stored(LanguageRiskNet.STORED))
                    .as(code + ": run java -jar target/waymark.jar nlu train").isPresent();
        }
    }

    @Test
    void anOrdinaryBengaliMessageIsNoCrisis() {
        RiskDetector bn = LANGUAGES.forLanguage("bn");
        for (String text : List.of("ami khub eka", "salam", "হ্যাঁ", "taka nai, bill dite parchi na")) {
            assertThat(bn.assess(text).risky()).as(text).isFalse();
        }
    }

    @Test
    void aLanguagesPhraseListRaisesAtItsLevelWhateverTheNetSays(@TempDir Path dir) throws IOException {
        Path risk = Files.createDirectories(dir.resolve("xx").resolve("risk"));
        Files.createDirectories(dir.resolve("risk"));
        List<String> lines = new ArrayList<>(List.of("label\ttext"));
        String[] words = {"ka", "ke", "ki", "ko", "ku", "sa", "se", "si", "so", "su", "ta", "te", "ti", "to", "tu"};
        for (int i = 0; i < 30; i++) {
            String w = words[i % words.length] + words[i / words.length];
            lines.add("suicide_self_harm:urgent\tzor velka mim dunu " + w);
            lines.add("none\tbala tiki sorn " + w + " pim");
        }
        Files.write(risk.resolve("lines.tsv"), lines);
        Files.writeString(risk.resolve(RiskPhrases.FILE), "medical_emergency:emergency:\n  - kroo vatt nisk\n"
                + "abuse_safeguarding:check:\n  - plom ari 9\nnegations_after: [ney]\n");
        RiskByLanguage languages = new RiskByLanguage(RiskDetectors.standard(), dir);
        assertThat(languages.languages()).containsExactly("en", "xx");
        RiskDetector xx = languages.forLanguage("xx");
        Risk emergency = xx.assess("Kroo vatt nisk, bala tiki");
        assertThat(emergency.level()).isEqualTo(RiskLevel.EMERGENCY);
        assertThat(emergency.category()).isEqualTo(RiskCategory.MEDICAL_EMERGENCY);
        assertThat(emergency.cue()).isEqualTo(RiskPhrases.CUE);
        // every script's digits are read as 0-9: "৯" is the 9 of the phrase; a phrase's level is a floor (the net
        // may say more, and on thirty lines it says anything)
        Risk check = xx.assess("plom ari ৯");
        assertThat(check.check() || check.risky()).as(check.band() + " " + check.cue()).isTrue();
        assertThat(RiskPhrases.parse("abuse_safeguarding:check:\n  - plom ari 9\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "test").match("plom ari 9")).isEqualTo(
                Risk.check(RiskCategory.ABUSE_SAFEGUARDING, RiskPhrases.CUE));
        // a negation the file lists, right after the phrase, says it is not so
        assertThat(xx.assess("kroo vatt nisk ney").cue()).isNotEqualTo(RiskPhrases.CUE);
        // trained and stored beside its lines, with the cross-validation it was chosen by
        assertThat(risk.resolve(RiskTraining.NET_FILE)).exists();
        assertThat(Files.readString(risk.resolve(LanguageRiskNet.REPORT_FILE))).contains("chosen:");
    }
}
