package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeaturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "hi", "lonely and skint", "I'm behind on my rent, the debts keep piling up!",
        "Münchner Freiheit 12 ?", "a b c"})
    void hashedFeaturesAreTheHashesOfTheFeatureStrings(String text) {
        List<String> tokens = TextNormaliser.tokens(text);
        long[] expected = Arrays.stream(Features.DEFAULT.of(tokens)).mapToLong(Features::hash).toArray();
        assertThat(Features.DEFAULT.hashes(tokens)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"upgrade", "upgrading"})
    void wordsAreStemmedAndCutIntoCharacterGrams(String word) {
        assertThat(Features.DEFAULT.of(List.of(word))).contains("w=upgrad", "_up", "upg", "b=<s>_upgrad");
    }
}
