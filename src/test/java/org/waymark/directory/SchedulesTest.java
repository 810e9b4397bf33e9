package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** ORUK schedules read as RFC 5545 rules (lib-recur): the dates a group really meets, and what import refuses. */
@SpringBootTest
@ActiveProfiles("test")
class SchedulesTest {
    /** Four Tuesdays in a row: 1, 8, 15 and 22 December 2026. */
    static final List<LocalDate> FOUR_TUESDAYS = List.of(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 8),
            LocalDate.of(2026, 12, 15), LocalDate.of(2026, 12, 22));
    static final Availability TUESDAYS = new Availability(EnumSet.of(DayOfWeek.TUESDAY), null, null);

    @Autowired
    ObjectMapper json;
    @Autowired
    ServiceEdits edits;
    @Autowired
    ServiceStore store;
    @Autowired
    ActivityMatcher matcher;
    @Autowired
    Freshness freshness;
    @Autowired
    WebApplicationContext context;

    List<Activity.Session> sessions(String schedule) {
        return Schedules.sessions(json.readTree("{\"schedules\":[" + schedule + "]}"));
    }

    static List<LocalDate> meetings(List<Activity.Session> sessions, List<LocalDate> dates) {
        return dates.stream().filter(d -> sessions.stream().anyMatch(s -> s.meetsOn(d))).toList();
    }

    @Test
    void aFortnightlyTuesdayClubMeetsOnTwoOfFourTuesdaysCountedFromItsDtstart() {
        List<Activity.Session> club = sessions("""
                {"freq":"WEEKLY","interval":2,"byday":"TU","dtstart":"2026-11-17","opens_at":"10:00"}""");

        assertThat(meetings(club, FOUR_TUESDAYS)).containsExactly(LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 15));
        // the other week's, from a dtstart a week later
        assertThat(meetings(sessions("""
                {"freq":"WEEKLY","interval":2,"byday":"TU","dtstart":"2026-11-24"}"""), FOUR_TUESDAYS))
                .containsExactly(LocalDate.of(2026, 12, 8), LocalDate.of(2026, 12, 22));
        // valid_from starts the count when there is no dtstart (the ORUK fields ask for dtstart; a feed may not)
        assertThat(meetings(sessions("""
                {"freq":"WEEKLY","interval":2,"byday":"TU","valid_from":"2026-12-08"}"""), FOUR_TUESDAYS))
                .containsExactly(LocalDate.of(2026, 12, 8), LocalDate.of(2026, 12, 22));
        assertThat(club.get(0).next(LocalDate.of(2026, 12, 2), d -> true)).contains(LocalDate.of(2026, 12, 15));
        assertThat(Schedules.when(club, LocalDate.of(2026, 12, 2))).isEqualTo("Every other Tue 10:00, next Tue 15 Dec");
    }

    @Test
    void monthlyByDayMeetsOnlyOnThatWeekOfTheMonth() {
        List<Activity.Session> second = sessions("""
                {"freq":"MONTHLY","byday":"2TU","opens_at":"14:00","closes_at":"16:00"}""");
        assertThat(meetings(second, FOUR_TUESDAYS)).containsExactly(LocalDate.of(2026, 12, 8));
        assertThat(second.get(0).next(LocalDate.of(2026, 12, 9), d -> true)).contains(LocalDate.of(2027, 1, 12));
        assertThat(Schedules.when(second, LocalDate.of(2026, 12, 9)))
                .isEqualTo("Monthly Tue 14:00-16:00, next Tue 12 Jan");

        List<Activity.Session> lastFriday = sessions("{\"freq\":\"MONTHLY\",\"byday\":\"-1FR\"}");
        assertThat(lastFriday.get(0).next(LocalDate.of(2026, 12, 1), d -> true)).contains(LocalDate.of(2026, 12, 25));
        List<Activity.Session> fifteenth = sessions("{\"freq\":\"MONTHLY\",\"bymonthday\":\"15\"}");
        assertThat(fifteenth).singleElement().satisfies(s -> assertThat(s.day()).isNull());
        assertThat(fifteenth.get(0).next(LocalDate.of(2026, 12, 16), d -> true)).contains(LocalDate.of(2027, 1, 15));
    }

    @Test
    void aDailyDropInIsWeeklyOnEveryDaySinceOrukHasNoDaily() {
        List<Activity.Session> dropIn = sessions("""
                {"freq":"WEEKLY","byday":"MO,TU,WE,TH,FR,SA,SU","opens_at":"09:00","closes_at":"17:00"}""");
        LocalDate monday = LocalDate.of(2026, 12, 7);
        List<LocalDate> week = monday.datesUntil(monday.plusDays(7)).toList();

        assertThat(meetings(dropIn, week)).isEqualTo(week);
        assertThat(dropIn).extracting(Activity.Session::day).containsExactly(DayOfWeek.values());
        assertThat(Schedules.when(dropIn, monday)).isEqualTo("Mon, Tue, Wed, Thu, Fri, Sat, Sun 09:00-17:00");
        // DAILY is not in ORUK's enum (WEEKLY, MONTHLY): never read as meeting, and refused at import (below)
        assertThat(sessions("{\"freq\":\"DAILY\",\"opens_at\":\"09:00\"}")).isEmpty();
    }

    @Test
    void validFromAndValidToBoundTheMeetings() {
        List<Activity.Session> ended = sessions("""
                {"freq":"WEEKLY","byday":"TU","valid_from":"2025-01-01","valid_to":"2025-12-31"}""");
        assertThat(ended.get(0).next(LocalDate.of(2026, 12, 1), d -> true)).isEmpty();
        assertThat(meetings(ended, FOUR_TUESDAYS)).isEmpty();

        List<Activity.Session> later = sessions("""
                {"freq":"WEEKLY","byday":"TU","valid_from":"2026-12-10","opens_at":"10:00"}""");
        assertThat(meetings(later, FOUR_TUESDAYS)).containsExactly(LocalDate.of(2026, 12, 15),
                LocalDate.of(2026, 12, 22));
        assertThat(Schedules.when(later, LocalDate.of(2026, 12, 1))).isEqualTo("Tue 10:00, next Tue 15 Dec");
        // until and count, as HSDS 3.0 writes them
        assertThat(meetings(sessions("{\"freq\":\"WEEKLY\",\"byday\":\"TU\",\"until\":\"2026-12-08\"}"),
                FOUR_TUESDAYS)).containsExactly(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 8));
        assertThat(meetings(sessions("{\"freq\":\"WEEKLY\",\"byday\":\"TU\",\"dtstart\":\"2026-12-08\",\"count\":2}"),
                FOUR_TUESDAYS)).containsExactly(LocalDate.of(2026, 12, 8), LocalDate.of(2026, 12, 15));
    }

    ObjectNode service(String name, String schedule) {
        String id = UUID.randomUUID().toString();
        return (ObjectNode) json.readTree("""
                {"id":"%s","name":"%s","status":"active","assured_date":"%s",
                 "description":"A friendly group to meet people","schedules":[%s],
                 "service_at_locations":[{"id":"%s","location":{"id":"%s","location_type":"physical",
                   "latitude":51.5155,"longitude":-0.0647}}],
                 "attributes":[{"id":"%s","taxonomy_term":{"id":"%s","name":"loneliness",
                   "description":"meeting people","taxonomy":"waymark-needs","term":"loneliness"}}]}
                """.formatted(id, name, freshness.today(), schedule, UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), OrukMapping.termId(Need.LONELINESS)));
    }

    List<Suggestion> offered(Availability when) {
        return matcher.match(new MatchRequest(Set.of(Need.LONELINESS), "E1 6AN", when, false, Set.of(), Set.of(),
                500));
    }

    @Test
    void theMatcherOffersAFortnightlyClubWithItsRealNextDateAndNeverOneThatHasEnded() {
        LocalDate today = freshness.today();
        LocalDate start = LocalDate.of(2024, 1, 2); // a Tuesday
        ObjectNode fortnightly = service("Fortnightly Tuesday Club", """
                {"id":"%s","freq":"WEEKLY","interval":2,"byday":"TU","dtstart":"%s","opens_at":"10:00",
                 "closes_at":"12:00"}""".formatted(UUID.randomUUID(), start));
        ObjectNode ended = service("Ended Tuesday Club", """
                {"id":"%s","freq":"WEEKLY","byday":"TU","valid_from":"2024-01-01","valid_to":"%s"}"""
                .formatted(UUID.randomUUID(), today.minusDays(1)));
        edits.importJson(json.valueToTree(List.of(fortnightly, ended)));
        String club = fortnightly.path("id").asString();
        try {
            // worked out here without lib-recur: the first Tuesday from today an even number of weeks from start
            LocalDate next = today.with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
            if (ChronoUnit.WEEKS.between(start, next) % 2 != 0) {
                next = next.plusWeeks(1);
            }
            Suggestion s = offered(TUESDAYS).stream().filter(x -> x.id().equals(club)).findFirst().orElseThrow();
            assertThat(s.when()).isEqualTo("Every other Tue 10:00-12:00, next Tue " + next.getDayOfMonth() + " "
                    + next.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.UK));
            assertThat(offered(new Availability(EnumSet.of(DayOfWeek.WEDNESDAY), null, null)))
                    .extracting(Suggestion::id).doesNotContain(club);
            assertThat(offered(TUESDAYS)).extracting(Suggestion::id).doesNotContain(ended.path("id").asString());
            assertThat(offered(Availability.ANY)).extracting(Suggestion::id).contains(club)
                    .doesNotContain(ended.path("id").asString());
        } finally {
            store.delete(club);
            store.delete(ended.path("id").asString());
        }
    }

    @Test
    void importRefusesWhatNoRuleComputesNamingEachFieldAndStoresNothing() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity()).build();
        ObjectNode good = service("A Good Weekly Club", """
                {"id":"%s","freq":"WEEKLY","byday":"TU","opens_at":"10:00"}""".formatted(UUID.randomUUID()));
        ObjectNode bad = service("A Club No Rule Computes", """
                {"id":"%s","freq":"DAILY"},
                {"id":"%s","freq":"WEEKLY","byday":"2TU"},
                {"id":"%s","freq":"WEEKLY","interval":2,"byday":"TU"},
                {"id":"%s","freq":"MONTHLY","byday":"TU,XX","valid_to":"soon"},
                {"id":"%s","freq":"WEEKLY"},
                {"id":"%s","byday":"MO"}""".formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));
        String body = json.writeValueAsString(List.of(good, bad));

        String answer = mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);

        List<String> errors = new ArrayList<>();
        for (JsonNode e : json.readTree(answer).path("errors")) {
            errors.add(e.path("path").asString() + " " + e.path("message").asString());
        }
        assertThat(errors).hasSize(7)
                .anySatisfy(e -> assertThat(e).startsWith("$[1].schedules[0].freq ").contains("WEEKLY"))
                .anySatisfy(e -> assertThat(e).startsWith("$[1].schedules[1].byday ").contains("2TU", "MONTHLY"))
                .anySatisfy(e -> assertThat(e).startsWith("$[1].schedules[2].dtstart ").contains("interval is 2"))
                .anySatisfy(e -> assertThat(e).startsWith("$[1].schedules[3].byday ").contains("\"XX\" is not a day"))
                .anySatisfy(e -> assertThat(e).startsWith("$[1].schedules[3].valid_to ").contains("YYYY-MM-DD"))
                .anySatisfy(e -> assertThat(e).startsWith("$[1].schedules[4].byday ").contains("which days"))
                .anySatisfy(e -> assertThat(e).startsWith("$[1].schedules[5].freq ").contains("WEEKLY or MONTHLY"));
        assertThat(json.readTree(answer).path("detail").asString()).contains("$[1].schedules[1].byday");
        assertThat(store.card(good.path("id").asString())).as("all or nothing").isEmpty();
        assertThat(store.card(bad.path("id").asString())).isEmpty();
    }

    @Test
    void everyDemoScheduleAndOruksOwnExampleAreComputable() throws Exception {
        for (JsonNode s : DemoServicesLoader.demoServices(json)) {
            assertThat(Schedules.problems(s)).as(s.path("name").asString()).isEmpty();
            assertThat(Schedules.sessions(s)).as(s.path("name").asString()).isNotEmpty()
                    .allSatisfy(x -> assertThat(x.next(freshness.today(), d -> true)).isPresent());
        }
        try (var in = getClass().getResourceAsStream("/directory/oruk-service_full.json")) {
            JsonNode example = json.readTree(in);
            assertThat(Schedules.problems(example)).isEmpty();
            // WEEKLY on TH,FR with bymonthday 2,3,4 (as RFC 2445 meant it), valid on 1 January 2005 only
            assertThat(Schedules.sessions(example)).extracting(Activity.Session::day)
                    .containsExactly(DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
            assertThat(Schedules.sessions(example).get(0).next(LocalDate.of(2004, 12, 1), d -> true)).isEmpty();
        }
    }
}
