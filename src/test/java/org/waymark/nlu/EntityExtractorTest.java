package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityExtractorTest {

    static final EntityExtractor ENTITIES = TestNlu.ENTITIES;
    static final List<String> OPTIONS = List.of("Riverside Walking Group", "Knit and Natter", "Men's Shed woodwork");

    static Optional<String> entity(String text, String name) {
        return entity(text, name, List.of());
    }

    static Optional<String> entity(String text, String name, List<String> options) {
        return ENTITIES.extract(text, TextNormaliser.tokens(text), options).stream()
                .filter(e -> e.entity().equals(name)).map(Entity::value).findFirst();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "e16an|E1 6AN",
        "E1 6AN|E1 6AN",
        "my postcode is sw1a 1aa thanks|SW1A 1AA",
        "N7|N7",
        "i live in n7|N7",
        "it's LS1 4AP|LS1 4AP",
        "M1 1AE|M1 1AE",
    })
    void findsValidatedUkPostcodesFullOrOutward(String text, String expected) {
        assertThat(entity(text, "postcode")).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cant wait to see u m8", "see u b4 then", "I'm 72", "hello", "ZZ9 9ZZ",
        "I need vitamin b12 tablets and more exercise classes for my knees"})
    void ignoresSmsSpeakAndUnknownCodesThatLookLikePostcodes(String text) {
        assertThat(entity(text, "postcode")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "yes|yes", "Yeah|yes", "yep|yes", "yup!|yes", "go on then|yes", "ok|yes", "aye|yes", "y|yes",
        "yes please|yes", "sure thing|yes", "yeah, sounds good|yes", "Yes I'd like that|yes", "of course|yes",
        "no|no", "nah|no", "nope|no", "not really|no", "no thanks|no", "No thank you.|no", "n|no",
        "not at the moment|no", "nah not for me|no", "no, I'm ok thanks|no",
    })
    void findsYesAndNoInTheirManyForms(String text, String expected) {
        assertThat(entity(text, "yes_no")).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no one to talk to", "no friends and no money", "not sure", "I'm lonely",
        "nobody visits"})
    void doesNotMistakeOtherWordsForYesOrNo(String text) {
        assertThat(entity(text, "yes_no")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "7|7", "0|0", "10|10", "seven|7", "about a six|6", "i'd say 3 out of 10|3", "8/10|8", "ten|10",
        "zero|0", "maybe a 4 today|4",
    })
    void findsNumbersFromZeroToTenAsDigitsOrWords(String text, String expected) {
        assertThat(entity(text, "number")).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'm 72", "after 5", "no one to talk to", "the second one", "I'm free from 9am"})
    void doesNotTakeAgesTimesOrPronounsForScores(String text) {
        assertThat(entity(text, "number")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2|2", "the second one|2", "the walking group|1", "knitting please|2", "option 3|3", "number one|1",
        "the last one|3", "1st|1", "three|3", "I'll go to the shed|3", "the first one please|1",
    })
    void findsTheOptionChosenAmongThoseOffered(String text, String expected) {
        assertThat(entity(text, "option", OPTIONS)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "yes", "no thanks", "the one on tuesday"})
    void findsNoOptionOutOfRangeOrAmbiguous(String text) {
        assertThat(entity(text, "option", OPTIONS)).isEmpty();
    }

    @Test
    void findsNoOptionWhenNoneWereOffered() {
        assertThat(entity("the second one", "option")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "weekday mornings|days=MO,TU,WE,TH,FR;from=08:00;to=12:00",
        "after 5|from=17:00",
        "weekends|days=SA,SU",
        "weekdays|days=MO,TU,WE,TH,FR",
        "I'm free on tuesday afternoons|days=TU;from=12:00;to=17:00",
        "evenings|from=17:00;to=22:00",
        "saturday mornings|days=SA;from=08:00;to=12:00",
        "mon and weds|days=MO,WE",
        "after 6pm on fridays|days=FR;from=18:00",
        "before 11am|to=11:00",
        "between 10 and 2|from=10:00;to=14:00",
        "after work|from=17:00;to=22:00",
        "during the week|days=MO,TU,WE,TH,FR",
        "wkends|days=SA,SU",
    })
    void findsAvailabilityInTheAvailabilityFormat(String text, String expected) {
        assertThat(entity(text, "availability")).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'm lonely", "I'm behind on my rent", "I'm stressed and anxious", "hello"})
    void findsNoAvailabilityInOrdinarySentences(String text) {
        assertThat(entity(text, "availability")).isEmpty();
    }

    @Test
    void findsCostAndAccessNeeds() {
        assertThat(entity("it has to be free", "cost")).contains("free");
        assertThat(entity("I can't afford much", "cost")).contains("free");
        assertThat(entity("I'm free on Tuesdays", "cost")).isEmpty();
        assertThat(entity("I use a wheelchair", "access")).contains("wheelchair");
        assertThat(entity("I'm deaf", "access")).contains("hearing");
        assertThat(entity("I'm partially sighted", "access")).contains("sight");
        assertThat(entity("I can't do stairs", "access")).contains("step_free");
        assertThat(entity("somewhere quiet please", "access")).contains("quiet");
    }
}
