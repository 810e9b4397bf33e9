package org.waymark.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {
    @Test
    void bengaliIsKnownByItsCodeItsNamesAndSylheti() {
        for (String given : new String[] {"bn", "BN", " Bengali ", "bangla", "Sylheti", "syl", "বাংলা"}) {
            assertThat(Language.of(given)).as(given).hasValueSatisfying(l -> {
                assertThat(l.code()).isEqualTo("bn");
                assertThat(l.name()).isEqualTo("Bengali");
            });
        }
        assertThat(Language.same("Sylheti", "Bangla")).isTrue();
        assertThat(Language.same("bn", "Urdu")).isFalse();
        assertThat(Language.same("Tigrinya", "tigrinya")).as("one the list lacks still matches itself").isTrue();
        assertThat(Language.same(null, "bn")).isFalse();
    }

    @Test
    void englishIsTheDefaultAndSaysNothing() {
        assertThat(Language.english(null)).isTrue();
        assertThat(Language.english(" ")).isTrue();
        assertThat(Language.english("en")).isTrue();
        assertThat(Language.english("English")).isTrue();
        assertThat(Language.english("bn")).isFalse();
        assertThat(Language.english("Klingon")).isFalse();
    }

    @Test
    void aListingsWordsNameALanguageByANameNeverByACodeInASentence() {
        Language bengali = Language.of("bn").orElseThrow();
        assertThat(bengali.isNamedIn("Bengali (Sylheti)")).isTrue();
        assertThat(bengali.isNamedIn("Sylheti and English")).isTrue();
        assertThat(bengali.isNamedIn("bn")).isTrue();
        assertThat(bengali.isNamedIn("English")).isFalse();
        assertThat(bengali.isNamedIn("")).isFalse();
        Language italian = Language.of("it").orElseThrow();
        assertThat(italian.isNamedIn("it")).isTrue();
        assertThat(italian.isNamedIn("English, if it helps")).isFalse();
    }
}
