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
