package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormaliserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I CAN'T come!!|i can not come !",
        "cant c u m8|can not see you mate",
        "im lonley|i am lonely",
        "I\u2019m skint, don't know what 2 do|i am skint do not know what 2 do",
        "thx u r gr8|thanks you are great",
        "sooooo lonely|soo lonely",
        "My wife's garden|my wife garden",
        "Münchner Freiheit|munchner freiheit",
        "Winterstraße 12|winterstrasse 12",
        "wot time?|what time ?",
        "idk tbh|i do not know tbh",
        "excercise n stuff|exercise n stuff",
        "E1 6AN|e1 6an",
    })
    void normalisesCaseContractionsSmsSpeakAndMisspellings(String text, String expected) {
        assertThat(TextNormaliser.normalise(text)).isEqualTo(expected);
    }
}
