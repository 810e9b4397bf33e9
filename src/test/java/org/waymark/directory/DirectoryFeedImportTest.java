package org.waymark.directory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.waymark.taxonomy.Need;

import com.github.tomakehurst.wiremock.WireMockServer;

import tools.jackson.databind.ObjectMapper;

/**
 * Import by URL from a feed on this machine, which only works with
 * {@code waymark.directory.import-allow-private-hosts} turned on (as for development against a local feed); with
 * the default it is refused (DirectoryApiTest).
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
            String result = mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                            .param("url", feed.baseUrl() + "/services"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(json.readTree(result).path("imported").asInt()).isEqualTo(1);
            assertThat(store.card(id).orElseThrow().needs()).contains(Need.PHYSICAL_ACTIVITY);
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
}
