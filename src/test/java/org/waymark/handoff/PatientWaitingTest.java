package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import tools.jackson.databind.json.JsonMapper;

/** "hello?" while waiting for a link worker, through the web chat API and the worker API (issue 16). */
@SpringBootTest
@ActiveProfiles("test")
class PatientWaitingTest {
    static final RequestPostProcessor SAM = user("sam").roles("WORKER");

    @Autowired
    WebApplicationContext context;
    @Autowired
    JsonMapper json;
    @Autowired
    Handoffs handoffs;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void helloWhileWaitingIsAnsweredButNeverOverALinkWorkerWhoIsWriting() throws Exception {
        WebChatPatient p = WebChatPatient.askingForAPerson(mvc, json);
        Handoff h = p.openHandoff(handoffs);
        assertThat(p.says("is anyone there?")).singleElement().asString()
                .contains("your message is with the team").contains("111").contains("999");
        assertThat(handoffs.thread(h.id())).extracting(m -> m.text()).contains("is anyone there?")
                .anyMatch(t -> t.contains("your message is with the team"));

        WebChatPatient other = WebChatPatient.askingForAPerson(mvc, json);
        Handoff theirs = other.openHandoff(handoffs);
        mvc.perform(post("/api/handoffs/{id}/claim", theirs.id()).with(SAM)).andExpect(status().isOk());
        mvc.perform(post("/api/handoffs/{id}/messages", theirs.id()).with(SAM).contentType(MediaType.APPLICATION_JSON)
                .content("{\"text\":\"Hello, I'm Sam, a link worker. How can I help?\"}"))
                .andExpect(status().isCreated());
        assertThat(other.says("hello?")).as("the worker wrote a moment ago: the bot keeps out of it").isEmpty();
    }
}
