package org.waymark.directory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.server.ResponseStatusException;
import org.waymark.taxonomy.Need;

import com.github.tomakehurst.wiremock.WireMockServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

@SpringBootTest
@ActiveProfiles("test")
class DirectoryApiTest {
    static final String EXAMPLE_ID = "ac148810-d857-441c-9679-408f346de14b";

    @Autowired
    WebApplicationContext context;
    @Autowired
    ObjectMapper json;
    @Autowired
    ServiceStore store;
    @Autowired
    ServiceEdits edits;
    @Autowired
    DirectoryIndex index;
    @Autowired
    Freshness freshness;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    JsonNode getJson(String url) throws Exception {
        String body = mvc.perform(MockMvcRequestBuilders.get(url)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body);
    }

    @Test
    void servicesNearAPostcodeWithNeedAndDayComeInOruksPagedShapeNearestFirst() throws Exception {
        JsonNode page = getJson("/api/directory/services?postcode=e16an&proximity=2500&need=loneliness&day=TU");

        assertThat(page.path("total_items").asInt()).isGreaterThan(0);
        assertThat(page.path("page_number").asInt()).isEqualTo(1);
        assertThat(page.path("first_page").asBoolean()).isTrue();
        List<Double> distances = new ArrayList<>();
        for (JsonNode s : page.path("contents")) {
            assertThat(s.path("status").asString()).isEqualTo("active");
            Activity a = store.card(s.path("id").asString()).orElseThrow();
            assertThat(a.needs()).contains(Need.LONELINESS);
            assertThat(a.sessions()).anyMatch(x -> x.day() == java.time.DayOfWeek.TUESDAY);
            distances.add(new PostcodeGeography.Point(a.lat(), a.lon())
                    .kmTo(PostcodeGeography.fromClasspath().locate("E1").orElseThrow()));
            assertThat(OrukSchemaCheck.problems(s)).isEmpty();
        }
        assertThat(distances).isSorted().allMatch(d -> d <= 2.5);
        assertThat(page.toString()).doesNotContain("Aldgate Tea and Talk", "x_days_since_verified");
    }

    @Test
    void pagingSplitsTheListAndTaxonomyTermIdWorksLikeNeed() throws Exception {
        JsonNode first = getJson("/api/directory/services?per_page=5");
        JsonNode second = getJson("/api/directory/services?per_page=5&page=2");

        assertThat(first.path("contents").size()).isEqualTo(5);
        assertThat(second.path("page_number").asInt()).isEqualTo(2);
        assertThat(second.path("first_page").asBoolean()).isFalse();
        assertThat(second.path("size").asInt()).isEqualTo(5);
        assertThat(second.path("total_pages").asInt()).isEqualTo((first.path("total_items").asInt() + 4) / 5);
        assertThat(second.path("contents").get(0).path("id")).isNotEqualTo(first.path("contents").get(0).path("id"));

        JsonNode byNeed = getJson("/api/directory/services?need=money&per_page=100");
        JsonNode byTerm = getJson("/api/directory/services?per_page=100&taxonomy_term_id="
                + OrukMapping.termId(Need.MONEY));
        assertThat(byTerm.path("total_items").asInt()).isEqualTo(byNeed.path("total_items").asInt())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void badFiltersAreProblemDetails() throws Exception {
        mvc.perform(MockMvcRequestBuilders.get("/api/directory/services?postcode=ZZ9%209ZZ"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Unknown postcode")));
        mvc.perform(MockMvcRequestBuilders.get("/api/directory/services?day=someday"))
                .andExpect(status().isBadRequest());
        mvc.perform(MockMvcRequestBuilders.get("/api/directory/services/no-such-service"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void importNeedsALinkWorkerAndTheOrukExampleImports() throws Exception {
        byte[] example = resource("/directory/oruk-service_full.json");
        mvc.perform(post("/api/directory/import").contentType(MediaType.APPLICATION_JSON).content(example))
                .andExpect(status().isUnauthorized());
        try {
            String result = mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                            .contentType(MediaType.APPLICATION_JSON).content(example))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(json.readTree(result).path("imported").asInt()).isEqualTo(1);

            JsonNode stored = getJson("/api/directory/services/" + EXAMPLE_ID);
            assertThat(stored.path("name").asString()).isEqualTo("Community Counselling");
            Activity card = store.card(EXAMPLE_ID).orElseThrow();
            assertThat(card.needs()).contains(Need.MENTAL_WELLBEING);
            // checked in 2005: kept, but withheld from patients and listed for a re-check
            assertThat(edits.stale()).extracting(Activity::id).contains(EXAMPLE_ID);
        } finally {
            store.delete(EXAMPLE_ID);
        }
    }

    String importAsAdmin(String body, org.springframework.test.web.servlet.ResultMatcher expected) throws Exception {
        return mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(expected).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aFeedWithAnyInvalidServiceIsRefusedWholeWithEveryErrorByFieldPathAndNothingStored() throws Exception {
        String good = UUID.randomUUID().toString();
        String alsoGood = UUID.randomUUID().toString();
        String body = "{\"total_items\":4,\"contents\":["
                + "{\"id\":\"" + good + "\",\"name\":\"A Valid Walking Group\",\"status\":\"active\"},"
                + "{\"id\":\"not-a-uuid\",\"name\":\"x\",\"status\":\"closed\",\"email\":\"nobody\","
                + "\"schedules\":[{\"id\":\"" + UUID.randomUUID() + "\",\"freq\":\"DAILY\"}]},"
                + "{\"id\":\"" + UUID.randomUUID() + "\",\"status\":\"active\",\"last_modified\":\"yesterday\"},"
                + "{\"id\":\"" + alsoGood + "\",\"name\":\"Another Valid Group\",\"status\":\"active\"}]}";

        JsonNode problem = json.readTree(importAsAdmin(body, status().isBadRequest()));

        List<String> errors = new ArrayList<>();
        problem.path("errors").forEach(e -> errors.add(e.path("path").asString() + " " + e.path("message").asString()));
        assertThat(errors).hasSize(6).anyMatch(e -> e.startsWith("$.contents[1].id ") && e.contains("uuid"))
                .anyMatch(e -> e.startsWith("$.contents[1].status ") && e.contains("enumeration"))
                .anyMatch(e -> e.startsWith("$.contents[1].email ") && e.contains("email"))
                .anyMatch(e -> e.startsWith("$.contents[1].schedules[0].freq ") && e.contains("WEEKLY"))
                .anyMatch(e -> e.startsWith("$.contents[2].name ") && e.contains("required"))
                .anyMatch(e -> e.startsWith("$.contents[2].last_modified ") && e.contains("date-time"));
        assertThat(problem.path("errors").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(problem.path("detail").asString()).startsWith("6 errors").contains("nothing was imported",
                "$.contents[1].id");
        assertThat(store.card(good)).as("all or nothing: the valid services of a bad feed are not stored").isEmpty();
        assertThat(store.card(alsoGood)).isEmpty();
        assertThat(store.card("not-a-uuid")).isEmpty();
    }

    @Test
    void twoServicesWithOneIdInOneFeedAreAnError() throws Exception {
        String id = UUID.randomUUID().toString();
        String one = "{\"id\":\"" + id + "\",\"name\":\"Twice\",\"status\":\"active\"}";
        JsonNode problem = json.readTree(importAsAdmin("[" + one + "," + one + "]", status().isBadRequest()));
        assertThat(problem.path("errors")).singleElement().satisfies(e -> {
            assertThat(e.path("path").asString()).isEqualTo("$[1].id");
            assertThat(e.path("message").asString()).contains("index 0");
        });
        assertThat(store.card(id)).isEmpty();
    }

    /** Every leaf of a JSON tree by its path, so two records can be compared field by field. */
    static java.util.Map<String, JsonNode> leaves(JsonNode node, String at, java.util.Map<String, JsonNode> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> leaves(e.getValue(), at + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), at + "[" + i + "]", out);
            }
        } else {
            out.put(at, node);
        }
        return out;
    }

    @Test
    void aListShapedEntryMergesOnlyTheFieldsItHasIntoTheFullerStoredRecord() throws Exception {
        ObjectNode full = (ObjectNode) json.readTree(resource("/directory/oruk-service_full.json"));
        full.put("assured_date", freshness.today().toString()); // listed, so it comes back in /services
        importAsAdmin(full.toString(), status().isOk());
        try {
            java.util.Map<String, JsonNode> before = leaves(store.service(EXAMPLE_ID).orElseThrow(), "$",
                    new java.util.TreeMap<>());
            // the service as ORUK's paged list gives it, the whole page fed back in with one field changed
            JsonNode page = getJson("/api/directory/services?search=Counselling&per_page=100");
            ObjectNode listed = null;
            for (JsonNode s : page.path("contents")) {
                if (s.path("id").asString().equals(EXAMPLE_ID)) {
                    listed = (ObjectNode) s;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(leaves(listed, "$", new java.util.TreeMap<>()).size()).isLessThan(before.size() / 2);
            listed.put("description", "Counselling, now on Saturdays too");

            JsonNode result = json.readTree(importAsAdmin(page.toString(), status().isOk()));

            assertThat(result.path("merged")).extracting(JsonNode::asString).contains(EXAMPLE_ID);
            java.util.Map<String, JsonNode> after = leaves(store.service(EXAMPLE_ID).orElseThrow(), "$",
                    new java.util.TreeMap<>());
            assertThat(after.keySet()).as("no field of the full record lost").containsAll(before.keySet());
            assertThat(after.get("$.description").asString()).isEqualTo("Counselling, now on Saturdays too");
            before.remove("$.description");
            before.forEach((path, value) -> assertThat(after.get(path)).as(path).isEqualTo(value));
            assertThat(OrukSchemaCheck.problems(store.service(EXAMPLE_ID).orElseThrow())).isEmpty();
        } finally {
            store.delete(EXAMPLE_ID);
        }
    }

    @Test
    void aFullyNestedEntryReplacesTheStoredRecordAsItsPublisherHasItNow() throws Exception {
        ObjectNode full = (ObjectNode) json.readTree(resource("/directory/oruk-service_full.json"));
        importAsAdmin(full.toString(), status().isOk());
        try {
            full.remove("alert");
            ((tools.jackson.databind.node.ArrayNode) full.path("schedules")).removeAll();
            JsonNode result = json.readTree(importAsAdmin(full.toString(), status().isOk()));
            assertThat(result.path("merged")).isEmpty();
            ObjectNode stored = store.service(EXAMPLE_ID).orElseThrow();
            assertThat(stored.has("alert")).isFalse();
            assertThat(stored.path("schedules")).isEmpty();
        } finally {
            store.delete(EXAMPLE_ID);
        }
    }

    /** A feed on this machine with one valid service, which must never be imported with the default setting. */
    static WireMockServer localFeed(String id) {
        WireMockServer feed = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        feed.start();
        feed.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withHeader("Content-Type",
                "application/json").withBody("[{\"id\":\"" + id + "\",\"name\":\"Internal Walking Group\","
                + "\"status\":\"active\"}]")));
        return feed;
    }

    @Test
    void importByUrlRefusesThisMachineAndCloudMetadataWithAProblemAndImportsNothing() throws Exception {
        String id = "internal-" + System.nanoTime();
        WireMockServer feed = localFeed(id);
        try {
            Map<String, String> refusals = Map.of(
                    "http://127.0.0.1:" + feed.port() + "/services", "loopback",
                    "http://localhost:" + feed.port() + "/services", "loopback",
                    "http://[::1]:" + feed.port() + "/services", "loopback",
                    "http://169.254.169.254/latest/meta-data/", "link-local");
            for (Map.Entry<String, String> r : refusals.entrySet()) {
                mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                                .param("url", r.getKey()))
                        .andExpect(status().isBadRequest())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(content().string(org.hamcrest.Matchers.containsString(r.getValue())))
                        .andExpect(content().string(org.hamcrest.Matchers.containsString(
                                "import-allow-private-hosts")));
            }
            assertThat(feed.getAllServeEvents()).isEmpty();
            assertThat(store.card(id)).isEmpty();
        } finally {
            feed.stop();
        }
    }

    @Test
    void aFeedThatRedirectsToThisMachineIsRefusedAndNothingImported() {
        String id = "redirected-" + System.nanoTime();
        WireMockServer internal = localFeed(id);
        // 127.0.0.2 stands in for a public feed server: nothing public is reachable from a test
        WireMockServer outside = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.2"));
        outside.start();
        try {
            outside.stubFor(get(urlEqualTo("/feed")).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", "http://127.0.0.1:" + internal.port() + "/services")));
            DirectoryApi api = new DirectoryApi(edits, json, new FeedFetcher(DirectorySettings.defaults(),
                    InetAddress::getAllByName, FeedFetcherTest.PUBLIC_127_0_0_2));

            ResponseStatusException refused = catchThrowableOfType(ResponseStatusException.class,
                    () -> api.importServices(null, "http://127.0.0.2:" + outside.port() + "/feed"));

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getReason()).contains("redirected", "127.0.0.1", "loopback");
            assertThat(outside.getAllServeEvents()).hasSize(1);
            assertThat(internal.getAllServeEvents()).isEmpty();
            assertThat(store.card(id)).isEmpty();
        } finally {
            outside.stop();
            internal.stop();
        }
    }

    @Test
    void exportIsOrukJsonThatValidatesAgainstTheSchema() throws Exception {
        mvc.perform(MockMvcRequestBuilders.get("/api/directory/export")).andExpect(status().isUnauthorized());
        String body = mvc.perform(MockMvcRequestBuilders.get("/api/directory/export")
                        .with(httpBasic("admin", "test-admin-password")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode all = json.readTree(body);

        assertThat(all.size()).isGreaterThanOrEqualTo(60);
        for (JsonNode s : all) {
            assertThat(OrukSchemaCheck.problems(s)).as(s.path("name").asString()).isEmpty();
            assertThat(s.has("x_days_since_verified")).isFalse();
            assertThat(s.path("assured_date").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        }
        assertThat(body).contains("temporarily closed", "defunct");
    }

    @Test
    void schemaCheckCatchesWhatTheSchemaForbids() {
        JsonNode bad = json.readTree("{\"id\":\"not-a-uuid\",\"name\":\"x\",\"status\":\"closed\","
                + "\"schedules\":[{\"freq\":\"DAILY\"}]}");
        assertThat(OrukSchemaCheck.problems(bad)).containsExactly(
                "$.id does not match the uuid pattern: must be a valid RFC 4122 UUID",
                "$.schedules[0].freq does not have a value in the enumeration [\"WEEKLY\", \"MONTHLY\"]",
                "$.schedules[0].id is required but missing",
                "$.status does not have a value in the enumeration [\"active\", \"inactive\", \"defunct\", "
                        + "\"temporarily closed\"]");
    }

    @Test
    void staleListIsForLinkWorkersOnly() throws Exception {
        mvc.perform(MockMvcRequestBuilders.get("/api/directory/stale")).andExpect(status().isUnauthorized());
        String body = mvc.perform(MockMvcRequestBuilders.get("/api/directory/stale")
                        .with(httpBasic("admin", "test-admin-password")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).contains("Aldgate Tea and Talk", "Homerton Carers Coffee")
                .doesNotContain("Whitechapel Lunch Club", "Spitalfields Friendship Cafe");
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = DirectoryApiTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }
}
