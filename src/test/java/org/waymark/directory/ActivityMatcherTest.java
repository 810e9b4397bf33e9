package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Language;
import org.waymark.taxonomy.Need;

@SpringBootTest
@ActiveProfiles("test")
class ActivityMatcherTest {
    static final Availability WEEKDAY_MORNINGS = new Availability(
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(12, 0));

    @Autowired
    ActivityMatcher matcher;
    @Autowired
    ServiceStore store;
    @Autowired
    ServiceEdits edits;
    @Autowired
    Freshness freshness;

    static MatchRequest request(Set<Need> needs, String postcode, Availability when, int limit) {
        return new MatchRequest(needs, postcode, when, false, Set.of(), Set.of(), limit);
    }

    @Test
    void lonelyPatientInE1FreeOnWeekdayMorningsGetsNearbyWeekdayMorningGroupsNeverClosedOrStale() {
        List<Suggestion> found = matcher.match(request(Set.of(Need.LONELINESS), "E1 6AN", WEEKDAY_MORNINGS, 3));

        assertThat(found).hasSize(3);
        for (Suggestion s : found) {
            Activity a = store.card(s.id()).orElseThrow();
            assertThat(a.active()).as(a.name()).isTrue();
            assertThat(freshness.isFresh(a.lastVerified())).as(a.name()).isTrue();
            assertThat(a.needs()).contains(Need.LONELINESS);
            assertThat(a.sessions()).as(a.name()).anyMatch(x -> x.day().getValue() <= 5
                    && x.opens().isBefore(LocalTime.NOON));
            assertThat(s.distanceKm()).isLessThan(2.5);
            assertThat(s.when()).matches("(Mon|Tue|Wed|Thu|Fri).* \\d\\d:\\d\\d-\\d\\d:\\d\\d");
            assertThat(s.why()).contains("meets").contains("km");
        }
        assertThat(found).extracting(Suggestion::distanceKm).isSorted();
    }

    @Test
    void closedInactiveDefunctAndStaleGroupsAreNeverSuggestedEvenWhenNearest() {
        List<Suggestion> all = matcher.match(request(Set.of(Need.LONELINESS), "E1", Availability.ANY, 100));

        List<String> names = all.stream().map(Suggestion::name).toList();
        assertThat(names).contains("Whitechapel Lunch Club", "Stepney Knit and Natter")
                .doesNotContain("Aldgate Tea and Talk", "Spitalfields Friendship Cafe", "Cable Street Social Club",
                        "Limehouse Stroll Club");
    }

    @Test
    void radiusWidensWhenTooFewAreNearby() {
        List<Suggestion> found = matcher.match(request(Set.of(Need.LONELINESS), "SW1A 1AA", Availability.ANY, 3));

        assertThat(found).hasSize(3);
        assertThat(found).allMatch(s -> s.distanceKm() > 2.0);
    }

    @Test
    void moreNeedsMetRankHigherAndWhySaysSo() {
        List<Suggestion> found = matcher.match(request(Set.of(Need.LONELINESS, Need.HEALTHY_EATING), "E1",
                Availability.ANY, 3));

        assertThat(found.get(0).needs()).contains("loneliness", "healthy_eating");
        assertThat(found.get(0).why()).contains("meeting people and eating well");
    }

    @Test
    void freeFirstWhenCostMattersAndAccessNeedsFilter() {
        List<Suggestion> free = matcher.match(new MatchRequest(Set.of(Need.LONELINESS), "E1", Availability.ANY,
                true, Set.of(), Set.of(), 5));
        assertThat(free.get(0).cost()).isEqualTo("Free");

        List<Suggestion> stepFree = matcher.match(new MatchRequest(Set.of(Need.LONELINESS), "E1", Availability.ANY,
                false, Set.of("wheelchair"), Set.of(), 10));
        assertThat(stepFree).isNotEmpty().allSatisfy(s -> assertThat(store.card(s.id()).orElseThrow()
                .accessibility().toLowerCase()).contains("step-free"));
        assertThat(stepFree).extracting(Suggestion::name).doesNotContain("Shadwell Mens Shed");
        // as the NLU names it ("it needs to be step-free")
        assertThat(matcher.match(new MatchRequest(Set.of(Need.LONELINESS), "E1", Availability.ANY, false,
                Set.of("step_free"), Set.of(), 10))).extracting(Suggestion::id)
                .containsExactlyInAnyOrderElementsOf(stepFree.stream().map(Suggestion::id).toList());
    }

    @Test
    void excludedIdsAreNotShownAgain() {
        List<Suggestion> first = matcher.match(request(Set.of(Need.LONELINESS), "E1", WEEKDAY_MORNINGS, 3));
        Set<String> shown = Set.copyOf(first.stream().map(Suggestion::id).toList());

        List<Suggestion> more = matcher.match(new MatchRequest(Set.of(Need.LONELINESS), "E1", WEEKDAY_MORNINGS,
                false, Set.of(), shown, 3));

        assertThat(more).isNotEmpty().noneMatch(s -> shown.contains(s.id()));
    }

    @Test
    void withoutPostcodeMatchesByNeedAlone() {
        List<Suggestion> found = matcher.match(request(Set.of(Need.MONEY), null, Availability.ANY, 3));

        assertThat(found).hasSize(3).allMatch(s -> s.needs().contains("money") && s.distanceKm() == null);
    }

    @Test
    void anUnknownPostcodeMatchesByNeedWithoutDistance() {
        List<Suggestion> found = matcher.match(request(Set.of(Need.VOLUNTEERING), "ZZ9 9ZZ", Availability.ANY, 3));

        assertThat(found).isNotEmpty().allMatch(s -> s.distanceKm() == null && s.needs().contains("volunteering"));
    }

    static final AboutPatient WIDOWER = new AboutPatient(null, AboutPatient.MAN, false, false);

    boolean speaksBengali(Suggestion s) {
        return store.card(s.id()).orElseThrow().languages().stream().anyMatch(Language.of("bn").orElseThrow()
                ::isNamedIn);
    }

    @Test
    void aBengaliPatientInE1GetsTheBengaliSpeakingGroupsFirstAndAnEnglishPatientsOrderIsUnchanged() {
        MatchRequest english = new MatchRequest(Set.of(Need.LONELINESS), "E1 6AN", WEEKDAY_MORNINGS, false,
                Set.of(), Set.of(), 3, WIDOWER);
        List<Suggestion> inEnglish = matcher.match(english);
        List<Suggestion> inBengali = matcher.match(english.withLanguage("bn"));

        // the nearest three speak English only; two a little farther speak Bengali or Sylheti, and come first
        assertThat(inEnglish).extracting(Suggestion::name)
                .containsExactly("Stepney Knit and Natter", "Shadwell Mens Shed", "Whitechapel Coffee Morning");
        assertThat(inEnglish).noneMatch(this::speaksBengali)
                .allSatisfy(s -> assertThat(s.language()).isNull())
                .allSatisfy(s -> assertThat(s.why()).doesNotContain(" in "));
        assertThat(inBengali).extracting(Suggestion::name)
                .containsExactly("Whitechapel Lunch Club", "Brick Lane Chess and Chat", "Stepney Knit and Natter");
        assertThat(inBengali.get(0).why()).startsWith("for older neighbours, aged 60 and over, in Sylheti, meets Mon, Wed, Fri mornings");
        assertThat(inBengali.get(0).language()).isEqualTo("Sylheti");
        assertThat(inBengali.get(1).why()).startsWith("in Bengali, meets Wed mornings");
        assertThat(inBengali.get(1).language()).isEqualTo("Bengali");
        // preferred, never required: the third does not speak it, and says nothing of it
        assertThat(inBengali.get(2).language()).isNull();
        assertThat(inBengali.get(2)).isEqualTo(inEnglish.get(0));

        // English, said or not, is the order it always was; a name is read as its code
        assertThat(matcher.match(english.withLanguage("en"))).isEqualTo(inEnglish);
        assertThat(matcher.match(english.withLanguage(null))).isEqualTo(inEnglish);
        assertThat(matcher.match(english.withLanguage("Bangla"))).isEqualTo(inBengali);
        assertThat(english.withLanguage("Bengali").language()).isEqualTo("bn");
    }

    @Test
    void everyBengaliSpeakingGroupThatFitsComesBeforeTheOthersWithinTheRadiusAndNoneIsLeftOut() {
        MatchRequest lonely = new MatchRequest(Set.of(Need.LONELINESS), "E1", Availability.ANY, false, Set.of(),
                Set.of(), 100);
        List<Suggestion> inEnglish = matcher.match(lonely);
        List<Suggestion> inBengali = matcher.match(lonely.withLanguage("bn"));

        assertThat(inBengali).extracting(Suggestion::id)
                .containsExactlyInAnyOrderElementsOf(inEnglish.stream().map(Suggestion::id).toList());
        List<Suggestion> nearby = inBengali.stream().filter(s -> s.distanceKm() <= 2.0).toList();
        int speaking = (int) nearby.stream().filter(this::speaksBengali).count();
        assertThat(speaking).isGreaterThanOrEqualTo(6);
        assertThat(nearby.subList(0, speaking)).allMatch(this::speaksBengali)
                .allSatisfy(s -> assertThat(s.why()).containsPattern("in (Bengali|Sylheti)"));
        assertThat(nearby.subList(speaking, nearby.size())).noneMatch(this::speaksBengali);
        assertThat(inBengali.get(0).name()).isEqualTo("Whitechapel Womens Circle");

        // a Bengali patient who wants to volunteer in E1, where no group says it speaks Bengali, is still helped
        MatchRequest volunteer = new MatchRequest(Set.of(Need.VOLUNTEERING), "E1", Availability.ANY, false,
                Set.of(), Set.of(), 3);
        assertThat(matcher.match(volunteer.withLanguage("bn"))).isNotEmpty()
                .isEqualTo(matcher.match(volunteer));
    }

    @Test
    void aBengaliPatientWithMoneyWorriesGetsBengaliSpeakingAdviceFirstWithOrWithoutAPostcode() {
        MatchRequest money = new MatchRequest(Set.of(Need.MONEY), "E1", Availability.ANY, false, Set.of(),
                Set.of(), 3);

        List<Suggestion> inE1 = matcher.match(money.withLanguage("bn"));
        assertThat(inE1.get(0).name()).isEqualTo("Whitechapel Bengali Money Advice Drop-in");
        assertThat(inE1.get(0).why()).startsWith("in Bengali, meets Mon, Thu mornings");

        MatchRequest anywhere = new MatchRequest(Set.of(Need.MONEY), null, Availability.ANY, false, Set.of(),
                Set.of(), 3);
        assertThat(matcher.match(anywhere.withLanguage("bn"))).hasSize(3).allMatch(this::speaksBengali);
        assertThat(matcher.match(anywhere)).hasSize(3).allMatch(s -> s.language() == null);
    }

    @Test
    void closingAGroupRemovesItFromSuggestionsAtOnce() {
        String name = "Closing Test Coffee " + System.nanoTime();
        Activity created = edits.create(new ServiceForm(name, "Test Org", "A test group", "1 Test Street", "E1 6AN",
                List.of("TU"), "10:00", "12:00", "", "Step-free access", "English", "", List.of("loneliness"),
                "active"));
        try {
            MatchRequest r = request(Set.of(Need.LONELINESS), "E1 6AN", WEEKDAY_MORNINGS, 3);
            assertThat(matcher.match(r)).extracting(Suggestion::id).contains(created.id());

            edits.setStatus(created.id(), "temporarily closed");

            assertThat(matcher.match(r)).extracting(Suggestion::id).doesNotContain(created.id());
        } finally {
            store.delete(created.id());
        }
    }
}
