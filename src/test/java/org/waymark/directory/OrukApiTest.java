package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.waymark.taxonomy.Need;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Open Referral UK 3.0 API at level 1 as a client of the standard uses it, anonymously, over the demo
 * directory in real Redis and one group of our own made for the filters the demo does not exercise (an upper age,
 * an evening session, a council's own taxonomy, two places). Every answer of every path is checked against the
 * schema ORUK's openapi.json gives it.
 */
@SpringBootTest
@ActiveProfiles("test")
class OrukApiTest {
    static final String BASE = "/api/directory";

    @Autowired
    WebApplicationContext context;
    @Autowired
    ObjectMapper json;
    @Autowired
    ServiceStore store;
    @Autowired
    ServiceEdits edits;
    @Autowired
    Freshness freshness;

    MockMvc mvc;
    /** Our own group: for 16 to 25 year olds, Wednesday evenings, in E1 and in N1, with a council's term. */
    String youthId;
    String councilTermId;
    String councilTaxonomy;
    String e1Place;
    String n1Place;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        youthId = UUID.randomUUID().toString();
        councilTermId = UUID.randomUUID().toString();
        councilTaxonomy = "Test Council Services " + youthId.substring(0, 8);
        e1Place = UUID.randomUUID().toString();
        n1Place = UUID.randomUUID().toString();
        ObjectNode s = (ObjectNode) json.readTree("""
                {"id":"%s","name":"Test Youth Evening Club %s","status":"active",
                 "description":"Games and a chat for young people","minimum_age":16,"maximum_age":25,
                 "assured_date":"%s","organization":{"id":"%s","name":"Test Youth Trust","description":"A test"},
                 "schedules":[{"id":"%s","freq":"WEEKLY","byday":"WE","opens_at":"18:30","closes_at":"20:00"},
                              {"id":"%s","freq":"WEEKLY","byday":"SA","opens_at":"10:00","closes_at":"11:00",
                               "service_at_location_id":"%s"}],
                 "service_at_locations":[
                   {"id":"%s","location":{"id":"%s","location_type":"physical","name":"E1 hall",
                     "latitude":51.5155,"longitude":-0.0647,
                     "addresses":[{"id":"%s","address_1":"1 Test Street","city":"London","postal_code":"E1 1AA",
                       "country":"GB","address_type":"physical","state_province":"Greater London"}]}},
                   {"id":"%s","location":{"id":"%s","location_type":"physical","name":"N1 hall",
                     "latitude":51.5362,"longitude":-0.1033}}],
                 "attributes":[{"id":"%s","taxonomy_term":{"id":"%s","name":"Youth clubs",
                     "description":"Clubs for young people","taxonomy":"%s"}},
                   {"id":"%s","taxonomy_term":{"id":"%s","name":"loneliness","description":"meeting people",
                     "taxonomy":"waymark-needs","term":"loneliness"}}]}
                """.formatted(youthId, youthId.substring(0, 8), freshness.today(), uuid(), uuid(), uuid(), n1Place,
                e1Place, uuid(), uuid(), n1Place, uuid(), uuid(), councilTermId, councilTaxonomy, uuid(),
                OrukMapping.termId(Need.LONELINESS)));
        assertThat(OrukSchemaCheck.problems(s)).isEmpty();
        edits.importJson(s);
    }

    @AfterEach
    void tearDown() {
        store.delete(youthId);
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    JsonNode get(String url) throws Exception {
        String body = mvc.perform(MockMvcRequestBuilders.get(URI.create(url))).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body);
    }

    /** The answer of one of openapi.json's paths, checked against the schema it gives that path. */
    JsonNode valid(String path, String url) throws Exception {
        JsonNode answer = get(url);
        assertThat(OrukSchemaCheck.answerProblems(path, answer)).as(url).isEmpty();
        if (answer.has("contents")) {
            assertPage(url, answer);
        }
        return answer;
    }

    /** ORUK's Page: every field there, of its type, and its numbers agreeing with each other. */
    static void assertPage(String url, JsonNode page) {
        for (String f : List.of("total_items", "total_pages", "page_number", "size")) {
            assertThat(page.path(f).isInt()).as(url + " " + f).isTrue();
        }
        for (String f : List.of("first_page", "last_page", "empty")) {
            assertThat(page.path(f).isBoolean()).as(url + " " + f).isTrue();
        }
        assertThat(page.path("size").asInt()).as(url + " size is the count on this page")
                .isEqualTo(page.path("contents").size());
        assertThat(page.path("empty").asBoolean()).isEqualTo(page.path("contents").isEmpty());
        assertThat(page.path("first_page").asBoolean()).isEqualTo(page.path("page_number").asInt() == 1);
        assertThat(page.path("last_page").asBoolean())
                .isEqualTo(page.path("page_number").asInt() >= page.path("total_pages").asInt());
    }

    /** Every item of every page of a list, each page checked. */
    List<JsonNode> all(String path, String url) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String sep = url.contains("?") ? "&" : "?";
        JsonNode page = valid(path, url + sep + "per_page=100&page=1");
        page.path("contents").forEach(items::add);
        for (int p = 2; p <= page.path("total_pages").asInt(); p++) {
            valid(path, url + sep + "per_page=100&page=" + p).path("contents").forEach(items::add);
        }
        assertThat(items).as(url).hasSize(page.path("total_items").asInt());
        return items;
    }

    /** No array anywhere in a list's item: a list holds one-to-one fields only. */
    static void oneToOne(JsonNode item) {
        item.properties().forEach(e -> {
            assertThat(e.getValue().isArray()).as(e.getKey()).isFalse();
            if (e.getValue().isObject()) {
                oneToOne(e.getValue());
            }
        });
    }

    @Test
    void everyAnswerOfEveryPathValidatesAgainstOruksSchemas() throws Exception {
        JsonNode about = valid("/", BASE + "/");
        assertThat(about.path("version").asString()).isEqualTo("3.0");
        assertThat(about.path("profile").asString()).startsWith("https://");
        assertThat(about.path("openapi_url").asString()).startsWith("https://").endsWith("openapi.json");

        Map<String, Integer> answers = new HashMap<>();
        List<JsonNode> services = all("/services", BASE + "/services");
        assertThat(services).hasSizeGreaterThan(40);
        for (JsonNode s : services) {
            oneToOne(s);
            valid("/services/{id}", BASE + "/services/" + s.path("id").asString());
            answers.merge("/services/{id}", 1, Integer::sum);
        }
        List<JsonNode> taxonomies = all("/taxonomies", BASE + "/taxonomies");
        assertThat(taxonomies).extracting(t -> t.path("name").asString())
                .contains("waymark-needs", "waymark-eligibility", councilTaxonomy);
        for (JsonNode t : taxonomies) {
            JsonNode one = valid("/taxonomies/{id}", BASE + "/taxonomies/" + t.path("id").asString());
            assertThat(one.path("taxonomy_terms")).isNotEmpty();
            answers.merge("/taxonomies/{id}", 1, Integer::sum);
        }
        List<JsonNode> terms = all("/taxonomy_terms", BASE + "/taxonomy_terms");
        assertThat(terms).extracting(t -> t.path("id").asString()).contains(councilTermId)
                .containsAll(java.util.Arrays.stream(Need.values()).map(OrukMapping::termId).toList());
        for (JsonNode t : terms) {
            valid("/taxonomy_terms/{id}", BASE + "/taxonomy_terms/" + t.path("id").asString());
            answers.merge("/taxonomy_terms/{id}", 1, Integer::sum);
        }
        List<JsonNode> places = all("/service_at_locations", BASE + "/service_at_locations");
        assertThat(places).extracting(p -> p.path("service_id").asString()).contains(youthId)
                .containsAll(services.stream().map(x -> x.path("id").asString()).filter(id -> !id.equals(youthId))
                        .limit(10).toList());
        // other tests in this JVM store copies of demo services (some not listed: stale or inactive) that keep their
        // places' ids: such an id names two places, so only one no other service holds is checked against its service
        java.util.Set<String> listed = places.stream().map(p -> p.path("service_id").asString())
                .collect(java.util.stream.Collectors.toSet());
        Map<String, Long> idCount = places.stream().collect(java.util.stream.Collectors.groupingBy(
                p -> p.path("id").asString(), java.util.stream.Collectors.counting()));
        for (JsonNode p : places) {
            oneToOne(p);
            JsonNode one = valid("/service_at_locations/{id}", BASE + "/service_at_locations/"
                    + p.path("id").asString());
            if (idCount.get(p.path("id").asString()) > 1 || !one.path("id").asString().equals(
                    p.path("service_id").asString()) && !listed.contains(one.path("id").asString())) {
                answers.merge("/service_at_locations/{id}", 1, Integer::sum);
                continue;
            }
            assertThat(one.path("id").asString()).isEqualTo(p.path("service_id").asString());
            assertThat(one.path("service_at_locations")).singleElement()
                    .satisfies(sal -> assertThat(sal.path("id")).isEqualTo(p.path("id")));
            answers.merge("/service_at_locations/{id}", 1, Integer::sum);
        }
        // filtered lists too, every parameter at least once
        for (String q : List.of("search=coffee", "taxonomy_term_id=" + councilTermId, "taxonomy_id="
                        + DirectoryCatalogue.taxonomyId("waymark-eligibility"), "minimum_age=18", "maximum_age=30",
                "start_time=18:00", "end_time=12:00", "day=TU", "postcode=E1%206AN&proximity=2000", "need=money")) {
            valid("/services", BASE + "/services?" + q);
            valid("/service_at_locations", BASE + "/service_at_locations?" + q);
        }
        assertThat(answers).containsOnlyKeys("/services/{id}", "/taxonomies/{id}", "/taxonomy_terms/{id}",
                "/service_at_locations/{id}");
    }

    @Test
    void pagingCountsTheItemsOnEachPageAndCoversTheListOnce() throws Exception {
        JsonNode first = valid("/services", BASE + "/services?per_page=7");
        int total = first.path("total_items").asInt();
        int pages = first.path("total_pages").asInt();
        assertThat(pages).isEqualTo((total + 6) / 7);
        assertThat(first.path("size").asInt()).isEqualTo(7);
        assertThat(first.path("first_page").asBoolean()).isTrue();
        assertThat(first.path("last_page").asBoolean()).isFalse();

        Set<String> seen = new LinkedHashSet<>();
        for (int p = 1; p <= pages; p++) {
            JsonNode page = valid("/services", BASE + "/services?per_page=7&page=" + p);
            assertThat(page.path("page_number").asInt()).isEqualTo(p);
            page.path("contents").forEach(s -> assertThat(seen.add(s.path("id").asString())).isTrue());
            if (p == pages) {
                assertThat(page.path("size").asInt()).isEqualTo(total - 7 * (pages - 1));
                assertThat(page.path("last_page").asBoolean()).isTrue();
            }
        }
        assertThat(seen).hasSize(total);

        JsonNode past = valid("/services", BASE + "/services?per_page=7&page=" + (pages + 1));
        assertThat(past.path("size").asInt()).isZero();
        assertThat(past.path("empty").asBoolean()).isTrue();
        assertThat(past.path("total_items").asInt()).isEqualTo(total);

        JsonNode terms = valid("/taxonomy_terms", BASE + "/taxonomy_terms?per_page=5&page=2");
        assertThat(terms.path("size").asInt()).isEqualTo(5);
        assertThat(terms.path("first_page").asBoolean()).isFalse();
    }

    /** The ids /services gives for a query, which must be those of the listable cards {@code expect} keeps. */
    void filters(String query, Predicate<Activity> expect) throws Exception {
        Set<String> got = new LinkedHashSet<>();
        all("/services", BASE + "/services?" + query).forEach(s -> got.add(s.path("id").asString()));
        Set<String> wanted = new LinkedHashSet<>();
        store.allCards().stream().filter(a -> a.active() && freshness.isFresh(a.lastVerified())).filter(expect)
                .forEach(a -> wanted.add(a.id()));
        int listable = (int) store.allCards().stream().filter(a -> a.active() && freshness.isFresh(a.lastVerified()))
                .count();
        assertThat(got).as(query).isNotEmpty().containsExactlyInAnyOrderElementsOf(wanted).hasSizeLessThan(listable);
    }

    static boolean session(Activity a, Predicate<Activity.Session> p) {
        return a.sessions().stream().anyMatch(p);
    }

    @Test
    void everyServicesParameterFiltersAsOpenApiDescribesIt() throws Exception {
        filters("search=coffee", a -> (a.name() + " " + a.description() + " " + a.organisation()).toLowerCase()
                .contains("coffee"));
        filters("search=youth%20" + youthId.substring(0, 8), a -> a.id().equals(youthId));
        filters("taxonomy_term_id=" + councilTermId, a -> a.id().equals(youthId));
        filters("taxonomy_term_id=" + OrukMapping.termId(Need.MONEY), a -> a.needs().contains(Need.MONEY));
        filters("taxonomy_id=" + DirectoryCatalogue.taxonomyId(councilTaxonomy), a -> a.id().equals(youthId));
        filters("taxonomy_id=" + DirectoryCatalogue.taxonomyId("waymark-eligibility"),
                a -> a.eligibility().restriction() != null);
        // "a minimum age of at least": a service with none is open from birth, so has none at least 18
        filters("minimum_age=18", a -> a.eligibility().minimumAge() != null && a.eligibility().minimumAge() >= 18);
        filters("minimum_age=55", a -> a.eligibility().minimumAge() != null && a.eligibility().minimumAge() >= 55);
        // "a maximum age equal to or below": a service with none has no upper limit
        filters("maximum_age=30", a -> a.eligibility().maximumAge() != null && a.eligibility().maximumAge() <= 30);
        assertThat(get(BASE + "/services?maximum_age=20").path("total_items").asInt()).isZero();
        filters("start_time=18:00", a -> session(a, s -> s.opens() != null && !s.opens().isBefore(LocalTime.of(18, 0))));
        filters("end_time=12:00", a -> session(a, s -> s.closes() != null && !s.closes().isAfter(LocalTime.NOON)));
        filters("day=WE&start_time=18:00", a -> session(a, s -> s.day() == DayOfWeek.WEDNESDAY && s.opens() != null
                && !s.opens().isBefore(LocalTime.of(18, 0))));
        filters("day=tuesday", a -> session(a, s -> s.day() == DayOfWeek.TUESDAY
                && s.next(freshness.today(), d -> true).isPresent()));
        filters("need=loneliness&minimum_age=16", a -> a.needs().contains(Need.LONELINESS)
                && a.eligibility().minimumAge() != null && a.eligibility().minimumAge() >= 16);
    }

    @Test
    void servicesAtLocationsArePlacedOneByOneAndTheirOwnViewKeepsOnlyThatPlace() throws Exception {
        List<JsonNode> near = all("/service_at_locations", BASE
                + "/service_at_locations?postcode=N1%201AA&proximity=1500&need=loneliness");
        assertThat(near).extracting(p -> p.path("id").asString()).contains(n1Place).doesNotContain(e1Place);
        JsonNode ours = near.stream().filter(p -> p.path("id").asString().equals(n1Place)).findFirst().orElseThrow();
        assertThat(ours.path("service_id").asString()).isEqualTo(youthId);
        assertThat(ours.path("service").path("name").asString()).startsWith("Test Youth Evening Club");
        assertThat(ours.path("location").path("name").asString()).isEqualTo("N1 hall");

        List<JsonNode> e1 = all("/service_at_locations", BASE + "/service_at_locations?postcode=E1%206AN"
                + "&proximity=1500&search=" + youthId.substring(0, 8));
        assertThat(e1).extracting(p -> p.path("id").asString()).containsExactly(e1Place);

        JsonNode n1 = valid("/service_at_locations/{id}", BASE + "/service_at_locations/" + n1Place);
        assertThat(n1.path("service_at_locations")).singleElement()
                .satisfies(sal -> assertThat(sal.path("location").path("name").asString()).isEqualTo("N1 hall"));
        assertThat(n1.path("schedules")).hasSize(2); // the Wednesday for both, the Saturday for N1's
        JsonNode atE1 = valid("/service_at_locations/{id}", BASE + "/service_at_locations/" + e1Place);
        assertThat(atE1.path("schedules")).singleElement()
                .satisfies(s -> assertThat(s.path("byday").asString()).isEqualTo("WE"));
    }

    @Test
    void aTaxonomyListsItsTermsAndATermNamesItsTaxonomy() throws Exception {
        String taxonomyId = DirectoryCatalogue.taxonomyId(councilTaxonomy);
        JsonNode taxonomy = valid("/taxonomies/{id}", BASE + "/taxonomies/" + taxonomyId);
        assertThat(taxonomy.path("name").asString()).isEqualTo(councilTaxonomy);
        assertThat(taxonomy.path("taxonomy_terms")).singleElement()
                .satisfies(t -> assertThat(t.path("id").asString()).isEqualTo(councilTermId));
        JsonNode term = valid("/taxonomy_terms/{id}", BASE + "/taxonomy_terms/" + councilTermId);
        assertThat(term.path("taxonomy_id").asString()).isEqualTo(taxonomyId);
        assertThat(term.path("name").asString()).isEqualTo("Youth clubs");

        JsonNode needs = valid("/taxonomies/{id}", BASE + "/taxonomies/"
                + DirectoryCatalogue.taxonomyId("waymark-needs"));
        assertThat(needs.path("taxonomy_terms")).hasSize(Need.values().length);
        JsonNode loneliness = valid("/taxonomy_terms/{id}", BASE + "/taxonomy_terms/"
                + OrukMapping.termId(Need.LONELINESS));
        assertThat(loneliness.path("description").asString()).isEqualTo(Need.LONELINESS.plainWords());

        // gone with the only service that had it, on this node's very next request
        store.delete(youthId);
        mvc.perform(MockMvcRequestBuilders.get(BASE + "/taxonomy_terms/" + councilTermId))
                .andExpect(status().isNotFound());
        mvc.perform(MockMvcRequestBuilders.get(BASE + "/service_at_locations/" + n1Place))
                .andExpect(status().isNotFound());
    }

    @Test
    void theListsHoldOnlyWhatAPatientMayBeOfferedButAnIdShowsAnyService() throws Exception {
        String stale = store.allCards().stream().filter(a -> a.name().equals("Aldgate Tea and Talk")).findFirst()
                .orElseThrow().id();
        assertThat(all("/services", BASE + "/services")).extracting(s -> s.path("id").asString())
                .doesNotContain(stale);
        assertThat(all("/service_at_locations", BASE + "/service_at_locations"))
                .extracting(s -> s.path("service_id").asString()).doesNotContain(stale);
        assertThat(valid("/services/{id}", BASE + "/services/" + stale).path("name").asString())
                .isEqualTo("Aldgate Tea and Talk");
    }

    void badRequest(String url, String... detailSays) throws Exception {
        String body = mvc.perform(MockMvcRequestBuilders.get(URI.create(url))).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(json.readTree(body).path("detail").asString()).as(url).contains(detailSays);
    }

    @Test
    void aBadParameterIsA400ThatSaysWhichAndWhyNeverSilentlyIgnored() throws Exception {
        badRequest(BASE + "/services?page=-1", "page", "1 or more", "-1");
        badRequest(BASE + "/services?page=0", "page");
        badRequest(BASE + "/services?page=two", "page", "whole number", "two");
        badRequest(BASE + "/services?per_page=0", "per_page");
        badRequest(BASE + "/services?per_page=101", "per_page", "100");
        badRequest(BASE + "/services?minimum_age=x", "minimum_age", "number", "'x'");
        badRequest(BASE + "/services?maximum_age=-3", "maximum_age");
        badRequest(BASE + "/services?start_time=25:00", "start_time", "time of day");
        badRequest(BASE + "/services?end_time=noon", "end_time");
        badRequest(BASE + "/services?start_time=14:00&end_time=10:00", "end_time", "before");
        badRequest(BASE + "/services?day=someday", "day", "someday");
        badRequest(BASE + "/services?need=happiness", "need", "happiness");
        badRequest(BASE + "/services?proximity=500", "proximity", "postcode");
        badRequest(BASE + "/services?postcode=E1&proximity=far", "proximity", "number");
        badRequest(BASE + "/services?postcode=ZZ9%209ZZ", "Unknown postcode");
        badRequest(BASE + "/services?colour=blue", "colour", "taxonomy_id", "minimum_age");
        badRequest(BASE + "/services?modified_after=2024-01-01", "modified_after", "level 1");
        badRequest(BASE + "/services?page=1&page=2", "page", "once");
        badRequest(BASE + "/service_at_locations?maximum_age=old", "maximum_age");
        badRequest(BASE + "/taxonomies?search=money", "search", "page, per_page");
        badRequest(BASE + "/taxonomy_terms?per_page=1000", "per_page");
        badRequest(BASE + "/services/" + youthId + "?full=true", "full");
        badRequest(BASE + "/?x=1", "x");
    }

    @Test
    void anUnknownIdIsA404ProblemDetail() throws Exception {
        for (String path : List.of("/services/", "/taxonomies/", "/taxonomy_terms/", "/service_at_locations/")) {
            for (String id : List.of(uuid(), "not-an-id")) {
                mvc.perform(MockMvcRequestBuilders.get(BASE + path + id)).andExpect(status().isNotFound())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(content().string(org.hamcrest.Matchers.containsString(id)));
            }
        }
    }

    @Test
    void theSchemasWeCheckWithAreTheStandardsOwnFiles() throws Exception {
        Path shared = Path.of("..", "shared", "data", "oruk", "schema");
        Assumptions.assumeTrue(Files.isDirectory(shared), "shared/data/oruk beside the project");
        for (String file : List.of("service.json", "service_list.json", "service_with_definitions.json")) {
            assertThat(Path.of("src/main/resources/directory/oruk", file)).as(file)
                    .hasSameBinaryContentAs(shared.resolve(file));
        }
        assertThat(Path.of("src/test/resources/directory/oruk/openapi.json"))
                .hasSameBinaryContentAs(shared.resolve("openapi.json"));
    }
}
