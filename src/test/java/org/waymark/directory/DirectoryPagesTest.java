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

import java.util.Set;

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
                .param("description", "Made by a test").param("address", "1 Test Street").param("postcode", "e16an")
                .param("days", "TU", "TH").param("opens", "10:00").param("closes", "12:00").param("cost", "")
                .param("accessibility", "Step-free access").param("languages", "English, Bengali")
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
}
