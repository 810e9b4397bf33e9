package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuggestionTextTest {

    @Test
    void threeLongSuggestionsFitInTwoGsm7Segments() {
        String longName = "The Whitechapel and Stepney Intergenerational Community Coffee Morning and Friendship "
                + "Circle for Older Neighbours and Their Friends";
        List<Suggestion> three = List.of(
                new Suggestion("a", longName, List.of("loneliness"), 0.8, "Mon, Wed, Fri 10:00-12:00", "Free",
                        "meeting people and eating well, meets Mon, Wed, Fri mornings, 0.8 km, free"),
                new Suggestion("b", longName + " (Tuesdays)", List.of("loneliness"), 1.2, "Tue 10:30-12:30",
                        "£2.50", "meets Tue mornings, 1.2 km"),
                new Suggestion("c", longName + " at St Mary’s “Hall” — 😀", List.of("loneliness"), 12.4,
                        "Thu 09:30-11:30", "Free", "meets Thu mornings, 12.4 km, free"));

        String sms = SuggestionText.forSms(three);

        assertThat(SuggestionText.septets(sms)).isBetween(1, SuggestionText.MAX_SEPTETS);
        assertThat(sms).startsWith("1. ").contains("\n2. ").contains("\n3. ");
        assertThat(sms).contains("Mon, Wed, Fri 10:00-12:00").contains("£2.50").contains("12.4 km");
        assertThat(sms).doesNotContain("’", "“", "”", "—", "😀");
    }

    @Test
    void shortSuggestionsKeepTheirReasons() {
        String sms = SuggestionText.forSms(List.of(
                new Suggestion("a", "Knit and Natter", List.of("loneliness"), 0.8, "Tue 10:00-12:00", "Free",
                        "meets Tue mornings, 0.8 km, free")));

        assertThat(sms).isEqualTo("1. Knit and Natter - Tue 10:00-12:00, Free, 0.8 km (meets Tue mornings, 0.8 km, free)");
    }

    @Test
    void typographicCharactersBecomeGsm7() {
        assertThat(SuggestionText.gsm("St Mary’s “Hall” – café…")).isEqualTo("St Mary's \"Hall\" - café...");
        assertThat(SuggestionText.septets("£3 [x]")).isEqualTo(8);
        assertThat(SuggestionText.septets("😀")).isEqualTo(-1);
    }
}
