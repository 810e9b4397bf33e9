package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.waymark.taxonomy.Need;

/**
 * The Bengali NLU as the app builds it from the repository's data ({@code nlp-models/bn/}): unmistakable lines in
 * either script, Bengali digits read as numbers and options, Bengali option labels matched.
 */
class BengaliNluTest {

    static final NluByLanguage LANGUAGES = new NluByLanguage(TestNlu.NLU, Path.of("nlp-models"), 0.4, 0.1);
    static final Nlu BN = LANGUAGES.forLanguage("bn");

    @Test
    void englishAndBengaliAreTheLanguagesAndEnglishIsTheFallback() {
        assertThat(LANGUAGES.languages()).contains("en", "bn");
        assertThat(BN).isNotSameAs(TestNlu.NLU);
        assertThat(LANGUAGES.forLanguage("BN")).isSameAs(BN);
        for (String code : new String[] {null, "en", "", "xx"}) {
            assertThat(LANGUAGES.forLanguage(code)).as(String.valueOf(code)).isSameAs(TestNlu.NLU);
        }
        assertThat(BN.intents()).isEqualTo(Intents.ALL);
    }

    @Test
    void yesInBengaliScriptAndRomanisedIsAffirm() {
        assertThat(BN.parse("হ্যাঁ").intent().name()).isEqualTo(Intents.AFFIRM);
        assertThat(BN.parse("ji").intent().name()).isEqualTo(Intents.AFFIRM);
        assertThat(BN.parse("না").intent().name()).isEqualTo(Intents.DENY);
    }

    @Test
    void beingAloneIsLoneliness() {
        Parse parse = BN.parse("ami khub eka");
        assertThat(parse.needs()).contains(Need.LONELINESS);
        assertThat(parse.intent().name()).isEqualTo(Intents.INFORM);
        assertThat(BN.parse("আমি খুব একা").needs()).contains(Need.LONELINESS);
    }

    @Test
    void bengaliDigitsAreNumbersAndOptions() {
        List<String> three = List.of("হাঁটার দল", "সেলাই ক্লাব", "কফি মর্নিং");
        Parse two = BN.parse("২", three);
        assertThat(two.intent().name()).isEqualTo(Intents.CHOOSE_OPTION);
        assertThat(two.entities("option")).containsExactly("2");
        assertThat(BN.parse("1 ar 4", List.of("a", "b", "c", "d")).entities("option")).containsExactly("1", "4");
        assertThat(BN.parse("১ আর ৩", three).entities("option")).containsExactly("1", "3");
        assertThat(BN.parse("৭/১০").entity("number")).hasValue("7");
        assertThat(BN.parse("৮").entity("number")).hasValue("8");
    }

    @Test
    void anOptionIsPickedByItsBengaliLabel() {
        List<String> yesNo = List.of("হ্যাঁ", "না");
        assertThat(BN.parse("না", yesNo).entities("option")).containsExactly("2");
        assertThat(BN.parse("হ্যাঁ", yesNo).entities("option")).containsExactly("1");
        assertThat(BN.parse("সেলাই ক্লাব", List.of("হাঁটার দল", "সেলাই ক্লাব")).entities("option"))
                .containsExactly("2");
    }

    @Test
    void daysAndTimesOfDayInBengaliAreAvailability() {
        assertThat(BN.parse("shombar shokale").entity("availability")).hasValue("days=MO;from=08:00;to=12:00");
        assertThat(BN.parse("শনিবার বিকেলে").entity("availability")).hasValue("days=SA;from=12:00;to=17:00");
        assertThat(BN.parse("ami free thaki after 5pm").entity("availability")).isPresent();
    }

    @Test
    void postcodesAndEnglishKeywordsWorkAsInEnglish() {
        assertThat(BN.parse("E1 6AN").entity("postcode")).hasValue("E1 6AN");
        assertThat(BN.parse("E1 6AN").intent().name()).isEqualTo(Intents.INFORM);
        assertThat(BN.parse("STOP").intent().name()).isEqualTo(Intents.STOP);
    }
}
