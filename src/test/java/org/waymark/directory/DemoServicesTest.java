package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.waymark.taxonomy.Need;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

class DemoServicesTest {
    static final Map<String, Set<String>> BOROUGHS = Map.of(
            "Tower Hamlets", Set.of("E1", "E2", "E3", "E14"),
            "Islington", Set.of("N1", "N7", "N19", "EC1V"),
            "Hackney", Set.of("E5", "E8", "E9", "N16"));

    final ArrayNode demo = DemoServicesLoader.demoServices(JsonMapper.builder().build());
    final PostcodeGeography geography = PostcodeGeography.fromClasspath();

    @Test
    void everyNeedIsCoveredInEachBoroughByAnActiveFreshListing() {
        assertThat(demo.size()).isGreaterThanOrEqualTo(60);
        for (Map.Entry<String, Set<String>> borough : BOROUGHS.entrySet()) {
            Set<Need> covered = EnumSet.noneOf(Need.class);
            for (JsonNode s : demo) {
                Activity a = OrukMapping.toActivity(s, geography);
                if (a.active() && s.path(ServiceEdits.DAYS_SINCE_VERIFIED).asInt() < 180
                        && borough.getValue().contains(a.postcode().split(" ")[0])) {
                    covered.addAll(a.needs());
                }
            }
            assertThat(covered).as(borough.getKey()).containsExactlyInAnyOrder(Need.values());
        }
    }

    @Test
    void someListingsAreStaleOrClosedAndE1HasSeveralWeekdayMorningGroups() {
        List<Activity> all = demo.valueStream().map(s -> OrukMapping.toActivity(s, geography)).toList();
        assertThat(demo.valueStream().filter(s -> s.path(ServiceEdits.DAYS_SINCE_VERIFIED).asInt() > 180))
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(all).extracting(Activity::status)
                .contains("temporarily closed", "defunct", "inactive");
        assertThat(all.stream().filter(a -> a.active() && a.needs().contains(Need.LONELINESS)
                && a.postcode().startsWith("E1 ") && a.sessions().stream().anyMatch(x ->
                x.day().compareTo(DayOfWeek.FRIDAY) <= 0 && x.opens().isBefore(LocalTime.NOON))))
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(all.stream().filter(a -> a.needs().contains(Need.MONEY) && a.postcode().startsWith("N7 ")))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(all).allMatch(a -> a.located() && !a.sessions().isEmpty() && a.lastVerified() == null);
    }

    @Test
    void theDemosRestrictedGroupsSayWhoTheyAreFor() {
        Map<String, Eligibility> by = new java.util.HashMap<>();
        demo.valueStream().forEach(s -> by.put(s.path("name").asString(), OrukMapping.toActivity(s, geography)
                .eligibility()));
        assertThat(by.get("Whitechapel Womens Circle")).isEqualTo(new Eligibility(18, null,
                "Women aged 18 and over", "women"));
        assertThat(by.get("Shadwell Mens Shed").restriction()).isEqualTo("men");
        assertThat(by.get("Mile End Over-50s Swim").minimumAge()).isEqualTo(50);
        assertThat(by.get("Bow Carers Cafe").restriction()).isEqualTo("carers");
        assertThat(by.get("Whitechapel Coffee Morning")).isEqualTo(Eligibility.ANYONE);
        // who a group is for is not what it helps with
        assertThat(OrukMapping.toActivity(demo.valueStream().filter(s -> s.path("name").asString()
                .equals("Whitechapel Womens Circle")).findFirst().orElseThrow(), geography).needs())
                .doesNotContain(Need.CARERS_SUPPORT);
    }

    @Test
    void e1HasGroupsRunInBengaliForBangladeshiFamiliesWithTheirLanguagesAsOrukWritesThem() {
        org.waymark.taxonomy.Language bengali = org.waymark.taxonomy.Language.of("bn").orElseThrow();
        List<Activity> inBengali = demo.valueStream().map(s -> OrukMapping.toActivity(s, geography))
                .filter(a -> a.active() && a.postcode().startsWith("E1 ")
                        && a.languages().stream().anyMatch(bengali::isNamedIn)).toList();
        assertThat(inBengali).extracting(Activity::name).contains("Shadwell Bengali Womens Walking Group",
                "Stepney Carers Tea Morning for Bangladeshi Families", "Whitechapel Bengali Money Advice Drop-in",
                "Stepney Sewing and Crafts Circle", "Shadwell Elders Lunch Club");
        assertThat(inBengali.stream().flatMap(a -> a.needs().stream()).distinct()).contains(Need.LONELINESS,
                Need.PHYSICAL_ACTIVITY, Need.MONEY, Need.CARERS_SUPPORT, Need.ARTS_CREATIVITY, Need.HEALTHY_EATING);
        Set<String> ids = new java.util.HashSet<>();
        for (JsonNode s : demo) {
            assertThat(s.path("languages").size()).as(s.path("name").asString()).isPositive();
            for (JsonNode l : s.path("languages")) {
                assertThat(ids.add(l.path("id").asString())).as("language ids are unique").isTrue();
                // ISO 639-1, or ISO 639-3 for a language it lacks (Sylheti: syl)
                assertThat(l.path("code").asString()).matches("[a-z]{2}|syl");
                assertThat(org.waymark.taxonomy.Language.same(l.path("code").asString(),
                        l.path("name").asString())).as(l.toString()).isTrue();
            }
        }
        assertThat(by("Shadwell Bengali Womens Walking Group").eligibility().restriction()).isEqualTo("women");
        assertThat(by("Stepney Carers Tea Morning for Bangladeshi Families").eligibility().restriction())
                .isEqualTo("carers");
        assertThat(by("Shadwell Elders Lunch Club").eligibility().minimumAge()).isEqualTo(60);
    }

    Activity by(String name) {
        return demo.valueStream().filter(s -> s.path("name").asString().equals(name)).findFirst()
                .map(s -> OrukMapping.toActivity(s, geography)).orElseThrow();
    }

    @Test
    void onlyWhatThePatientSaidRulesAGroupOut() {
        Eligibility women = new Eligibility(18, null, "Women aged 18 and over", "women");
        Set<Need> lonely = Set.of(Need.LONELINESS);
        assertThat(women.admits(AboutPatient.UNKNOWN, lonely)).isTrue();
        assertThat(women.admits(new AboutPatient(null, AboutPatient.MAN, false, false), lonely)).isFalse();
        assertThat(women.admits(new AboutPatient(15, AboutPatient.WOMAN, false, false), lonely)).isFalse();
        Eligibility carers = new Eligibility(null, null, "Unpaid carers", "carers");
        assertThat(carers.admits(AboutPatient.UNKNOWN, lonely)).isFalse();
        assertThat(carers.admits(AboutPatient.UNKNOWN, Set.of(Need.CARERS_SUPPORT))).isTrue();
        assertThat(carers.admits(new AboutPatient(null, null, true, false), lonely)).isTrue();
        Eligibility young = new Eligibility(null, null, "Young people", "young_people");
        assertThat(young.admits(AboutPatient.UNKNOWN, lonely)).isFalse();
        assertThat(young.admits(new AboutPatient(17, null, false, false), lonely)).isTrue();
        assertThat(young.admits(new AboutPatient(40, null, false, false), lonely)).isFalse();
        Eligibility families = new Eligibility(null, null, "Families with young children", "families");
        assertThat(families.admits(new AboutPatient(null, AboutPatient.WOMAN, false, true), lonely)).isTrue();
        assertThat(families.admits(AboutPatient.UNKNOWN, lonely)).isFalse();
    }
}
