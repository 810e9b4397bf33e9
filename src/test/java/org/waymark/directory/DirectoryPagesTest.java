package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

@SpringBootTest
@ActiveProfiles("test")
class DirectoryPagesTest {
    static final RequestPostProcessor WORKER = user("worker").roles("WORKER");

    @Autowired
    WebApplicationContext context;
    @Autowired
    ServiceStore store;
    @Autowired
    ActivityMatcher matcher;
    @Autowired
    Freshness freshness;
    @Autowired
    ServiceEdits edits;
    @Autowired
    ObjectMapper json;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    static MockHttpServletRequestBuilder newService(String name) {
        return serviceForm("/workers/directory", name);
    }

    static MockHttpServletRequestBuilder serviceForm(String url, String name) {
        return post(url).param("name", name).param("organisation", "Pages Test Org")
                .param("description", "Made by a test").param("locations[0].address", "1 Test Street")
                .param("locations[0].postcode", "e16an").param("locations[0].accessibility", "Step-free access")
                .param("schedules[0].days", "TU", "TH").param("schedules[0].opens", "10:00")
                .param("schedules[0].closes", "12:00").param("cost", "").param("languages", "English, Bengali")
                .param("contact", "Sam").param("needs", "loneliness").param("status", "active");
    }

    String idOf(String name) {
        return store.allCards().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().id();
    }

    @Test
    void pagesNeedALinkWorkerLogin() throws Exception {
        mvc.perform(get("/workers/directory")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
        mvc.perform(get("/workers/directory").with(user("patient").roles("PATIENT")))
                .andExpect(status().isForbidden());
    }

    @Test
    void listShowsStatusAndHighlightsListingsThatNeedChecking() throws Exception {
        mvc.perform(get("/workers/directory").with(WORKER)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Aldgate Tea and Talk")))
                .andExpect(content().string(containsString("Needs checking")))
                .andExpect(content().string(containsString("temporarily closed")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
    }

    @Test
    void formsWithoutACsrfTokenAreRefused() throws Exception {
        mvc.perform(newService("No Token Club").with(WORKER)).andExpect(status().isForbidden());
        assertThat(store.allCards()).noneMatch(a -> a.name().equals("No Token Club"));
    }

    @Test
    void addingShowsErrorsInASummaryAndKeepsWhatWasTyped() throws Exception {
        mvc.perform(post("/workers/directory").with(WORKER).with(csrf()).param("name", "Half Done Club")
                        .param("postcode", "ZZ9 9ZZ").param("status", "active"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("There is a problem")))
                .andExpect(content().string(containsString("Enter a London postcode")))
                .andExpect(content().string(containsString("Choose at least one need")))
                .andExpect(content().string(containsString("value=\"Half Done Club\"")));
    }

    @Test
    void namesAreEscapedEverywhere() throws Exception {
        String name = "<script>alert(1)</script> Club " + System.nanoTime();
        mvc.perform(newService(name).with(WORKER).with(csrf())).andExpect(status().is3xxRedirection());
        String id = idOf(name);
        try {
            mvc.perform(get("/workers/directory").with(WORKER)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("&lt;script&gt;alert(1)&lt;/script&gt; Club")))
                    .andExpect(content().string(not(containsString("<script>alert(1)"))));
            mvc.perform(get("/workers/directory/" + id + "/edit").with(WORKER)).andExpect(status().isOk())
                    .andExpect(content().string(not(containsString("<script>alert(1)"))));
        } finally {
            store.delete(id);
        }
    }

    @Test
    void aLinkWorkerAddsEditsVerifiesAndClosesAGroupWhichLeavesSuggestionsAtOnce() throws Exception {
        String name = "Pages Test Coffee " + System.nanoTime();
        mvc.perform(newService(name).with(WORKER).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/workers/directory"));
        String id = idOf(name);
        MatchRequest lonelyInE1 = new MatchRequest(Set.of(Need.LONELINESS), "E1 6AN", ActivityMatcherTest
                .WEEKDAY_MORNINGS, false, Set.of(), Set.of(), 3);
        try {
            Activity added = store.card(id).orElseThrow();
            assertThat(added.postcode()).isEqualTo("E1 6AN");
            assertThat(added.lastVerified()).isEqualTo(freshness.today());
            assertThat(added.languages()).containsExactly("English", "Bengali");
            assertThat(matcher.match(lonelyInE1)).extracting(Suggestion::id).contains(id);

            mvc.perform(get("/workers/directory/" + id + "/edit").with(WORKER)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("value=\"" + name + "\"")));
            mvc.perform(serviceForm("/workers/directory/" + id, name + " (renamed)").with(WORKER).with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(store.card(id).orElseThrow().name()).isEqualTo(name + " (renamed)");

            mvc.perform(post("/workers/directory/" + id + "/verify").with(WORKER).with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(store.card(id).orElseThrow().lastVerified()).isEqualTo(freshness.today());

            mvc.perform(post("/workers/directory/" + id + "/status").param("status", "defunct")
                    .with(WORKER).with(csrf())).andExpect(status().is3xxRedirection());
            assertThat(store.card(id).orElseThrow().status()).isEqualTo("defunct");
            assertThat(matcher.match(lonelyInE1)).extracting(Suggestion::id).doesNotContain(id);
            assertThat(matcher.match(new MatchRequest(Set.of(Need.LONELINESS), "E1", Availability.ANY, false,
                    Set.of(), Set.of(), 100))).extracting(Suggestion::id).doesNotContain(id);
        } finally {
            store.delete(id);
        }
    }

    static final Availability SATURDAY_AFTERNOONS = new Availability(EnumSet.of(DayOfWeek.SATURDAY),
            LocalTime.of(13, 0), LocalTime.of(17, 0));
    static final Availability SUNDAY_AFTERNOONS = new Availability(EnumSet.of(DayOfWeek.SUNDAY),
            LocalTime.of(13, 0), LocalTime.of(17, 0));

    /** A lonely patient near E1 6AN free at these times: every fitting activity, not just three. */
    static MatchRequest lonelyInE1(Availability when) {
        return new MatchRequest(Set.of(Need.LONELINESS), "E1 6AN", when, false, Set.of(), Set.of(), 100);
    }

    List<String> offered(Availability when) {
        return matcher.match(lonelyInE1(when)).stream().map(Suggestion::id).toList();
    }

    /** A group that meets on Tuesday mornings and Saturday afternoons, in two places, as the form posts it. */
    static Map<String, List<String>> twoTimesTwoPlaces(String name) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("name", List.of(name));
        f.put("organisation", List.of("Two Times Org"));
        f.put("description", List.of("Meets twice a week"));
        f.put("needs", List.of("loneliness"));
        f.put("status", List.of("active"));
        f.put("cost", List.of(""));
        f.put("languages", List.of("English"));
        f.put("contact", List.of("Ali"));
        f.put("locations[0].id", List.of(""));
        f.put("locations[0].name", List.of("Whitechapel Hall"));
        f.put("locations[0].address", List.of("1 Test Street"));
        f.put("locations[0].postcode", List.of("e16an"));
        f.put("locations[0].accessibility", List.of("Step-free access"));
        f.put("locations[1].id", List.of(""));
        f.put("locations[1].name", List.of("Bow Library"));
        f.put("locations[1].address", List.of("2 Other Road"));
        f.put("locations[1].postcode", List.of("E3 2AA"));
        f.put("schedules[0].id", List.of(""));
        f.put("schedules[0].days", List.of("TU"));
        f.put("schedules[0].freq", List.of("WEEKLY"));
        f.put("schedules[0].opens", List.of("10:00"));
        f.put("schedules[0].closes", List.of("12:00"));
        f.put("schedules[1].id", List.of(""));
        f.put("schedules[1].days", List.of("SA"));
        f.put("schedules[1].freq", List.of("WEEKLY"));
        f.put("schedules[1].opens", List.of("14:00"));
        f.put("schedules[1].closes", List.of("16:00"));
        f.put("schedules[1].validFrom", List.of("2024-01-01"));
        return f;
    }

    /** The same fields with one replaced, as when a link worker changes it. */
    static Map<String, List<String>> changed(Map<String, List<String>> fields, String name, String... values) {
        Map<String, List<String>> f = new LinkedHashMap<>(fields);
        f.put(name, List.of(values));
        return f;
    }

    /** The ids of every row, as the edit page's hidden fields send them back. */
    static Map<String, List<String>> withIdsFrom(Map<String, List<String>> fields, String page) {
        Map<String, List<String>> f = new LinkedHashMap<>(fields);
        for (String name : List.copyOf(f.keySet())) {
            if (name.endsWith("].id")) {
                f.put(name, List.of(hidden(page, name)));
            }
        }
        return f;
    }

    static MockHttpServletRequestBuilder posted(String url, Map<String, List<String>> fields) {
        MockHttpServletRequestBuilder request = post(url);
        fields.forEach((name, values) -> request.param(name, values.toArray(String[]::new)));
        return request;
    }

    String editPage(String id) throws Exception {
        return mvc.perform(get("/workers/directory/" + id + "/edit").with(WORKER)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The value of the hidden field {@code name} in a page, as a browser would send it back. */
    static String hidden(String page, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(page);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    @Test
    void aServiceWithTwoTimesAndTwoPlacesShowsThemAllInTheFormAndRoundTripsThroughOruk() throws Exception {
        String name = "Two Times Club " + System.nanoTime();
        mvc.perform(posted("/workers/directory", twoTimesTwoPlaces(name)).with(WORKER).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String id = idOf(name);
        try {
            ObjectNode stored = store.service(id).orElseThrow();
            assertThat(stored.path("schedules")).hasSize(2);
            assertThat(stored.path("schedules").get(1).path("byday").asString()).isEqualTo("SA");
            assertThat(stored.path("schedules").get(1).path("valid_from").asString()).isEqualTo("2024-01-01");
            assertThat(stored.path("schedules").get(1).path("description").asString())
                    .isEqualTo("Every Saturday, 14:00 to 16:00");
            assertThat(stored.path("service_at_locations")).hasSize(2);
            assertThat(stored.path("service_at_locations").get(1).path("location").path("addresses").get(0)
                    .path("postal_code").asString()).isEqualTo("E3 2AA");
            assertThat(stored.path("service_at_locations").get(1).path("location").path("latitude").isNumber())
                    .isTrue();
            assertThat(OrukSchemaCheck.problems(ServiceEdits.stripExtensions(stored.deepCopy()))).isEmpty();
            assertThat(edits.export()).filteredOn(s -> s.path("id").asString().equals(id)).singleElement()
                    .satisfies(s -> assertThat(OrukSchemaCheck.problems(s)).isEmpty());

            String page = editPage(id);
            assertThat(page).contains("Time 1", "Time 2", "Place 1", "Place 2", "value=\"Bow Library\"",
                    "value=\"E3 2AA\"", "value=\"14:00\"", "value=\"16:00\"", "value=\"2024-01-01\"");
            assertThat(page).containsPattern("name=\"schedules\\[1\\]\\.days\"[^>]*value=\"SA\"[^>]*checked")
                    .containsPattern("name=\"schedules\\[0\\]\\.days\"[^>]*value=\"TU\"[^>]*checked");

            // what the form shows, saved again unchanged, is the same service
            ServiceForm shown = edits.formOf(stored);
            edits.update(id, shown);
            ObjectNode again = store.service(id).orElseThrow();
            assertThat(edits.formOf(again)).isEqualTo(shown);
            assertThat(again.path("schedules")).isEqualTo(stored.path("schedules"));
            assertThat(again.path("service_at_locations")).isEqualTo(stored.path("service_at_locations"));
        } finally {
            store.delete(id);
        }
    }

    @Test
    void editingTheSecondTimesDaysChangesWhatMatchingOffers() throws Exception {
        String name = "Weekend Change Club " + System.nanoTime();
        mvc.perform(posted("/workers/directory", twoTimesTwoPlaces(name)).with(WORKER).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String id = idOf(name);
        try {
            assertThat(offered(SATURDAY_AFTERNOONS)).contains(id);
            assertThat(offered(SUNDAY_AFTERNOONS)).doesNotContain(id);
            String page = editPage(id);

            mvc.perform(posted("/workers/directory/" + id, changed(withIdsFrom(twoTimesTwoPlaces(name), page),
                            "schedules[1].days", "SU")).with(WORKER).with(csrf()))
                    .andExpect(status().is3xxRedirection());

            assertThat(offered(SUNDAY_AFTERNOONS)).contains(id);
            assertThat(offered(SATURDAY_AFTERNOONS)).doesNotContain(id);
            Suggestion onSunday = matcher.match(lonelyInE1(SUNDAY_AFTERNOONS)).stream()
                    .filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            assertThat(onSunday.when()).isEqualTo("Sun 14:00-16:00");
            ObjectNode stored = store.service(id).orElseThrow();
            assertThat(stored.path("schedules").get(1).path("id").asString())
                    .as("the same schedule, edited").isEqualTo(hidden(page, "schedules[1].id"));
            assertThat(stored.path("schedules").get(1).path("byday").asString()).isEqualTo("SU");
            assertThat(stored.path("schedules").get(1).path("description").asString())
                    .isEqualTo("Every Sunday, 14:00 to 16:00");
            assertThat(stored.path("schedules").get(0).path("id").asString())
                    .isEqualTo(hidden(page, "schedules[0].id"));
            assertThat(stored.path("service_at_locations").get(1).path("id").asString())
                    .isEqualTo(hidden(page, "locations[1].id"));
        } finally {
            store.delete(id);
        }
    }

    @Test
    void removingATimeRemovesIt() throws Exception {
        String name = "Removed Time Club " + System.nanoTime();
        mvc.perform(posted("/workers/directory", twoTimesTwoPlaces(name)).with(WORKER).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String id = idOf(name);
        try {
            String page = editPage(id);
            Map<String, List<String>> fields = withIdsFrom(twoTimesTwoPlaces(name), page);
            fields.put("schedules[1].remove", List.of("true"));
            fields.put("locations[1].remove", List.of("true"));
            mvc.perform(posted("/workers/directory/" + id, fields).with(WORKER).with(csrf()))
                    .andExpect(status().is3xxRedirection());

            ObjectNode stored = store.service(id).orElseThrow();
            assertThat(stored.path("schedules")).hasSize(1);
            assertThat(stored.path("schedules").get(0).path("byday").asString()).isEqualTo("TU");
            assertThat(stored.path("schedules").get(0).path("id").asString())
                    .isEqualTo(hidden(page, "schedules[0].id"));
            assertThat(stored.path("service_at_locations")).hasSize(1);
            assertThat(offered(SATURDAY_AFTERNOONS)).doesNotContain(id);
            assertThat(offered(ActivityMatcherTest.WEEKDAY_MORNINGS)).contains(id);
            assertThat(editPage(id)).contains("Time 1").doesNotContain("Time 2", "Place 2");
        } finally {
            store.delete(id);
        }
    }

    @Test
    void addAnotherTimeOrPlaceShowsTheFormAgainWithAnEmptyRowAndSavesNothing() throws Exception {
        String name = "Growing Club " + System.nanoTime();
        String page = mvc.perform(newService(name).param("action", "add-schedule").with(WORKER).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("Time 2", "name=\"schedules[1].days\"", "value=\"" + name + "\"")
                .containsPattern("id=\"schedule-1-days\"[^>]*autofocus")
                .doesNotContain("There is a problem");
        assertThat(store.allCards()).noneMatch(a -> a.name().equals(name));

        page = mvc.perform(newService(name).param("action", "add-location").with(WORKER).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("Place 2", "name=\"locations[1].postcode\"");

        // an empty added row is ignored when saving
        mvc.perform(newService(name).param("schedules[1].id", "").param("schedules[1].freq", "WEEKLY")
                        .param("locations[1].id", "").with(WORKER).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String id = idOf(name);
        try {
            assertThat(store.service(id).orElseThrow().path("schedules")).hasSize(1);
            assertThat(store.service(id).orElseThrow().path("service_at_locations")).hasSize(1);
        } finally {
            store.delete(id);
        }
    }

    @Test
    void aMonthlyTimeAndATimeForAWhileAreKeptAsRfc5545AndMatchedOnlyWhileValid() throws Exception {
        String name = "Monthly Club " + System.nanoTime();
        String lastYear = freshness.today().minusYears(1).toString();
        mvc.perform(newService(name).with(WORKER).with(csrf())
                        .param("schedules[0].freq", "MONTHLY").param("schedules[0].weeks", "1", "-1")
                        .param("schedules[1].days", "SA").param("schedules[1].opens", "14:00")
                        .param("schedules[1].validFrom", "2020-01-01").param("schedules[1].validTo", lastYear))
                .andExpect(status().is3xxRedirection());
        String id = idOf(name);
        try {
            ObjectNode stored = store.service(id).orElseThrow();
            JsonNode monthly = stored.path("schedules").get(0);
            assertThat(monthly.path("freq").asString()).isEqualTo("MONTHLY");
            assertThat(monthly.path("byday").asString()).isEqualTo("1TU,1TH,-1TU,-1TH");
            assertThat(monthly.path("description").asString())
                    .isEqualTo("The first and last Tuesday and Thursday of the month, 10:00 to 12:00");
            assertThat(stored.path("schedules").get(1).path("valid_to").asString()).isEqualTo(lastYear);
            assertThat(OrukSchemaCheck.problems(ServiceEdits.stripExtensions(stored.deepCopy()))).isEmpty();
            assertThat(matcher.match(lonelyInE1(ActivityMatcherTest.WEEKDAY_MORNINGS)).stream()
                    .filter(x -> x.id().equals(id)).findFirst().orElseThrow().when())
                    .matches("Monthly Tue, Thu 10:00-12:00, next (Tue|Thu) \\d{1,2} [A-Z][a-z]{2}");
            // the Saturday time ended last year
            assertThat(offered(SATURDAY_AFTERNOONS)).doesNotContain(id);

            String page = editPage(id);
            assertThat(page).containsPattern("name=\"schedules\\[0\\]\\.weeks\"[^>]*value=\"1\"[^>]*checked")
                    .containsPattern("name=\"schedules\\[0\\]\\.weeks\"[^>]*value=\"-1\"[^>]*checked")
                    .containsPattern("value=\"MONTHLY\"[^>]*selected");
        } finally {
            store.delete(id);
        }
    }

    @Test
    void everyOtherWeekIsSavedAsOruksWeeklyIntervalTwoFromItsFirstDateAndShownAgainAsSuch() throws Exception {
        String name = "Fortnightly Club " + System.nanoTime();
        mvc.perform(newService(name).with(WORKER).with(csrf()).param("schedules[0].freq", "FORTNIGHTLY"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("For every other week, enter the first date it meets")));
        assertThat(store.allCards()).noneMatch(a -> a.name().equals(name));

        mvc.perform(newService(name).with(WORKER).with(csrf()).param("schedules[0].freq", "FORTNIGHTLY")
                        .param("schedules[0].validFrom", "2026-12-01"))
                .andExpect(status().is3xxRedirection());
        String id = idOf(name);
        try {
            ObjectNode stored = store.service(id).orElseThrow();
            JsonNode schedule = stored.path("schedules").get(0);
            assertThat(schedule.path("freq").asString()).isEqualTo("WEEKLY");
            assertThat(schedule.path("interval").asInt()).isEqualTo(2);
            assertThat(schedule.path("dtstart").asString()).isEqualTo("2026-12-01");
            assertThat(schedule.path("description").asString())
                    .isEqualTo("Every other Tuesday and Thursday, 10:00 to 12:00");
            assertThat(Schedules.problems(stored)).isEmpty();
            assertThat(OrukSchemaCheck.problems(ServiceEdits.stripExtensions(stored.deepCopy()))).isEmpty();
            // Tuesday 1 and Thursday 3 December, not the week after
            List<Activity.Session> sessions = store.card(id).orElseThrow().sessions();
            assertThat(java.time.LocalDate.of(2026, 12, 1).datesUntil(java.time.LocalDate.of(2026, 12, 15))
                    .filter(d -> sessions.stream().anyMatch(x -> x.meetsOn(d))).map(Object::toString).toList())
                    .containsExactly("2026-12-01", "2026-12-03");
            assertThat(editPage(id)).containsPattern("value=\"FORTNIGHTLY\"[^>]*selected");
        } finally {
            store.delete(id);
        }
    }

    @Test
    void timesAndPlacesTheFormCannotShowAreKeptWhenSaving() throws Exception {
        ObjectNode s = (ObjectNode) DemoServicesLoader.demoServices(json).get(0).deepCopy();
        String id = java.util.UUID.randomUUID().toString();
        s.remove(ServiceEdits.DAYS_SINCE_VERIFIED);
        s.put("id", id);
        s.put("assured_date", freshness.today().toString());
        ObjectNode byMonthDay = ((tools.jackson.databind.node.ArrayNode) s.path("schedules")).addObject();
        byMonthDay.put("id", java.util.UUID.randomUUID().toString());
        byMonthDay.put("freq", "MONTHLY");
        byMonthDay.put("bymonthday", "15");
        byMonthDay.put("description", "The 15th of each month");
        ObjectNode online = ((tools.jackson.databind.node.ArrayNode) s.path("service_at_locations")).addObject();
        online.put("id", java.util.UUID.randomUUID().toString());
        online.putObject("location").put("id", java.util.UUID.randomUUID().toString())
                .put("location_type", "virtual").put("name", "Online");
        store.save(s);
        try {
            String page = editPage(id);
            assertThat(page).contains("1 time this form cannot show", "1 place this form cannot show")
                    .contains("Time 1").doesNotContain("Time 2");

            mvc.perform(serviceForm("/workers/directory/" + id, "Kept Extras Club").with(WORKER).with(csrf())
                            .param("schedules[0].id", hidden(page, "schedules[0].id"))
                            .param("locations[0].id", hidden(page, "locations[0].id")))
                    .andExpect(status().is3xxRedirection());

            ObjectNode stored = store.service(id).orElseThrow();
            assertThat(stored.path("schedules")).hasSize(2);
            assertThat(stored.path("schedules").get(1)).isEqualTo(byMonthDay);
            assertThat(stored.path("service_at_locations")).hasSize(2);
            assertThat(stored.path("service_at_locations").get(1)).isEqualTo(online);
            assertThat(stored.path("schedules").get(0).path("byday").asString()).isEqualTo("TU,TH");
        } finally {
            store.delete(id);
        }
    }

    @Test
    void aProblemInTheSecondTimeIsNamedAndLinkedToItsField() throws Exception {
        mvc.perform(posted("/workers/directory", changed(changed(twoTimesTwoPlaces("Bad Time Club"),
                        "schedules[1].closes", "13:00"), "locations[1].postcode", "ZZ9 9ZZ")).with(WORKER).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("There is a problem")))
                .andExpect(content().string(containsString(
                        "<a href=\"#schedule-1-closes\">Time 2: End time must be after the start time</a>")))
                .andExpect(content().string(containsString(
                        "<a href=\"#location-1-postcode\">Place 2: enter a London postcode, like E1 6AN</a>")))
                .andExpect(content().string(containsString("value=\"13:00\"")));
        assertThat(store.allCards()).noneMatch(a -> a.name().equals("Bad Time Club"));
    }
}
