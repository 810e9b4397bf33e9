package org.waymark.directory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.server.ResponseStatusException;
import org.waymark.taxonomy.Need;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import tools.jackson.databind.ObjectMapper;

/**
 * Import by URL from a feed on this machine, which only works with
 * {@code waymark.directory.import-allow-private-hosts} turned on (as for development against a local feed); with
 * the default it is refused (DirectoryApiTest), and so is a redirect there (the last test here). The feeds are real
 * HTTP servers (WireMock) serving ORUK 3.0 pages and each service's record.
 */
@SpringBootTest(properties = "waymark.directory.import-allow-private-hosts=true")
@ActiveProfiles("test")
class DirectoryFeedImportTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    ObjectMapper json;
    @Autowired
    ServiceStore store;
    @Autowired
    ServiceEdits edits;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void importFromAFeedUrlReadsAPagedList() throws Exception {
        WireMockServer feed = new WireMockServer(options().dynamicPort());
        feed.start();
        String id = "f0e1d2c3-b4a5-4687-9899-" + String.format("%012d", System.nanoTime() % 1_000_000_000_000L);
        try {
            feed.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withHeader("Content-Type",
                    "application/json").withBody("{\"total_items\":1,\"page_number\":1,\"contents\":[{\"id\":\""
                    + id + "\",\"name\":\"Feed Walking Group\",\"status\":\"active\",\"description\":"
                    + "\"A health walk\"}]}")));
            feed.stubFor(get(urlEqualTo("/services/" + id)).willReturn(json(full(id, "Feed Walking Group"))));
            String result = mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                            .param("url", feed.baseUrl() + "/services"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(json.readTree(result).path("imported").asInt()).isEqualTo(1);
            assertThat(store.card(id).orElseThrow().needs()).contains(Need.PHYSICAL_ACTIVITY);
            assertThat(store.service(id).orElseThrow().path("schedules")).hasSize(1);
        } finally {
            feed.stop();
            store.delete(id);
        }
        mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                        .param("url", "file:///etc/passwd"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aFeedUrlWithOneInvalidServiceImportsNothingAndSaysEveryErrorByPath() throws Exception {
        WireMockServer feed = new WireMockServer(options().dynamicPort());
        feed.start();
        String good = java.util.UUID.randomUUID().toString();
        try {
            feed.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withHeader("Content-Type",
                    "application/json").withBody("{\"contents\":[{\"id\":\"" + good + "\",\"name\":\"Feed Yoga\","
                    + "\"status\":\"active\"},{\"id\":\"42\",\"name\":\"Feed Choir\",\"status\":\"active\","
                    + "\"schedules\":[{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"freq\":\"DAILY\"}]}]}")));
            feed.stubFor(get(urlEqualTo("/services/" + good)).willReturn(json(full(good, "Feed Yoga"))));
            String body = mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                            .param("url", feed.baseUrl() + "/services"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andReturn().getResponse().getContentAsString();
            tools.jackson.databind.JsonNode problem = json.readTree(body);
            assertThat(problem.path("errors")).extracting(e -> e.path("path").asString())
                    .containsExactly("$.contents[1].id", "$.contents[1].schedules[0].freq");
            assertThat(problem.path("errors").get(0).path("id").asString()).isEqualTo("42");
            assertThat(store.card(good)).isEmpty();
        } finally {
            feed.stop();
            store.delete(good);
        }
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    /** A service as a list gives it: one-to-one fields only. */
    static String listed(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"active\",\"description\":\"A group\"}";
    }

    /** The same service's full record, with a schedule a list never carries. */
    static String full(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\"active\",\"description\":\"A group\","
                + "\"schedules\":[{\"id\":\"" + UUID.randomUUID() + "\",\"freq\":\"WEEKLY\",\"byday\":\"MO\"}]}";
    }

    /** An ORUK 3.0 page of a list of {@code totalItems} services in {@code totalPages} pages. */
    static String page(int number, int totalPages, int totalItems, String... services) {
        return "{\"total_items\":" + totalItems + ",\"total_pages\":" + totalPages + ",\"page_number\":" + number
                + ",\"size\":" + services.length + ",\"first_page\":" + (number == 1) + ",\"last_page\":"
                + (number == totalPages) + ",\"empty\":" + (services.length == 0) + ",\"contents\":["
                + String.join(",", services) + "]}";
    }

    static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    /**
     * Three pages of {@code /oruk/services} with the list's own {@code query} kept on each: two, two and one
     * services, the last one already fully nested on its page; and the four others' records.
     */
    static void threePages(WireMockServer feed, List<String> id, String query) {
        String next = "/oruk/services?" + (query.isEmpty() ? "" : query + "&") + "page=";
        feed.stubFor(get(urlEqualTo("/oruk/services" + (query.isEmpty() ? "" : "?" + query))).willReturn(json(
                page(1, 3, 5, listed(id.get(0), "Feed Choir"), listed(id.get(1), "Feed Walk")))));
        feed.stubFor(get(urlEqualTo(next + 2)).willReturn(json(page(2, 3, 5,
                listed(id.get(2), "Feed Yoga"), listed(id.get(3), "Feed Allotment")))));
        feed.stubFor(get(urlEqualTo(next + 3)).willReturn(json(page(3, 3, 5,
                full(id.get(4), "Feed Knitting")))));
        String[] names = {"Feed Choir", "Feed Walk", "Feed Yoga", "Feed Allotment"};
        for (int i = 0; i < 4; i++) {
            feed.stubFor(get(urlEqualTo("/oruk/services/" + id.get(i))).willReturn(json(full(id.get(i), names[i]))));
        }
    }

    @Test
    void importByUrlFollowsEveryPageAndStoresEachServicesFullRecord() throws Exception {
        WireMockServer feed = new WireMockServer(options().dynamicPort());
        feed.start();
        List<String> id = ids(5);
        try {
            threePages(feed, id, "per_page=2");
            String result = mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                            .param("url", feed.baseUrl() + "/oruk/services?per_page=2"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

            assertThat(json.readTree(result).path("imported").asInt()).isEqualTo(5);
            for (String each : id) {
                assertThat(store.service(each).orElseThrow().path("schedules")).as(each).hasSize(1);
            }
            // three pages and the four list-shaped services' records; the fully nested one is not fetched again
            assertThat(feed.getAllServeEvents()).hasSize(7);
            feed.verify(0, getRequestedFor(urlEqualTo("/oruk/services/" + id.get(4))));
        } finally {
            feed.stop();
            id.forEach(store::delete);
        }
    }

    @Test
    void aServiceWhoseRecordCannotBeFetchedStoresNothingAndSaysWhich() throws Exception {
        WireMockServer feed = new WireMockServer(options().dynamicPort());
        feed.start();
        List<String> id = ids(5);
        try {
            threePages(feed, id, "");
            feed.stubFor(get(urlEqualTo("/oruk/services/" + id.get(3))).willReturn(aResponse().withStatus(500)));
            String body = mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                            .param("url", feed.baseUrl() + "/oruk/services"))
                    .andExpect(status().isBadGateway())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andReturn().getResponse().getContentAsString();

            assertThat(json.readTree(body).path("detail").asString()).contains("Service " + id.get(3), "page 2",
                    "/oruk/services/" + id.get(3), "HTTP 500", "nothing was imported");
            for (String each : id) {
                assertThat(store.service(each)).as(each).isEmpty();
            }
        } finally {
            feed.stop();
            id.forEach(store::delete);
        }
    }

    @Test
    void aFeedPastThePageLimitIsRefusedAndAPlainArrayIsStillTakenAsItIs() throws Exception {
        WireMockServer feed = new WireMockServer(options().dynamicPort());
        feed.start();
        String one = UUID.randomUUID().toString();
        try {
            feed.stubFor(get(urlEqualTo("/huge")).willReturn(json(page(1, FeedImport.MAX_PAGES + 1, 5_000,
                    listed(one, "Feed Choir")))));
            feed.stubFor(get(urlEqualTo("/plain")).willReturn(json("[" + listed(one, "Feed Choir") + "]")));
            String body = mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                            .param("url", feed.baseUrl() + "/huge"))
                    .andExpect(status().isPayloadTooLarge()).andReturn().getResponse().getContentAsString();
            assertThat(json.readTree(body).path("detail").asString()).contains(FeedImport.MAX_PAGES + 1 + " pages",
                    "at most " + FeedImport.MAX_PAGES);
            assertThat(store.service(one)).isEmpty();
            feed.verify(1, getRequestedFor(anyUrl()));

            mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                            .param("url", feed.baseUrl() + "/plain"))
                    .andExpect(status().isOk());
            assertThat(store.service(one).orElseThrow().path("name").asString()).isEqualTo("Feed Choir");
            feed.verify(0, getRequestedFor(urlPathMatching("/(huge|plain)/.+")));
        } finally {
            feed.stop();
            store.delete(one);
        }
    }

    @Test
    void aServiceRecordThatRedirectsToThisMachineIsRefusedAndNothingImported() {
        // 127.0.0.2 stands in for a public feed server (nothing public is reachable from a test); the default
        // settings refuse everything else on this machine
        WireMockServer outside = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.2"));
        WireMockServer internal = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        outside.start();
        internal.start();
        List<String> id = ids(2);
        try {
            outside.stubFor(get(urlEqualTo("/services")).willReturn(json(page(1, 2, 2,
                    listed(id.get(0), "Feed Choir")))));
            outside.stubFor(get(urlEqualTo("/services?page=2")).willReturn(json(page(2, 2, 2,
                    listed(id.get(1), "Feed Walk")))));
            outside.stubFor(get(urlEqualTo("/services/" + id.get(0))).willReturn(json(full(id.get(0), "Feed Choir"))));
            outside.stubFor(get(urlEqualTo("/services/" + id.get(1))).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", internal.baseUrl() + "/services/" + id.get(1))));
            internal.stubFor(get(anyUrl()).willReturn(json(full(id.get(1), "Feed Walk"))));
            DirectoryApi api = new DirectoryApi(edits, json, new FeedFetcher(DirectorySettings.defaults(),
                    InetAddress::getAllByName, FeedFetcherTest.PUBLIC_127_0_0_2));

            ResponseStatusException refused = catchThrowableOfType(ResponseStatusException.class,
                    () -> api.importServices(null, "http://127.0.0.2:" + outside.port() + "/services"));

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getReason()).contains("Service " + id.get(1), "redirected", "127.0.0.1", "loopback");
            assertThat(internal.getAllServeEvents()).isEmpty();
            assertThat(outside.getAllServeEvents()).hasSize(4);
            id.forEach(each -> assertThat(store.service(each)).isEmpty());
        } finally {
            outside.stop();
            internal.stop();
            id.forEach(store::delete);
        }
    }
}
