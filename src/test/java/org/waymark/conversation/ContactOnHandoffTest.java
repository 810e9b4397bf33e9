package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import org.waymark.RedisScan;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.Handoffs;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The number a web chat patient leaves reaches the link worker (page and JSON), and goes when they are forgotten. */
@SpringBootTest
@ActiveProfiles("test")
class ContactOnHandoffTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    Conversations conversations;
    @Autowired
    SessionStore sessions;
    @Autowired
    Handoffs handoffs;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    JsonMapper json;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    void say(String address, String text) {
        conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, text, UUID.randomUUID().toString()));
    }

    @Test
    void theWorkerSeesTheNumberAndWhenAndForgetErasesThem() throws Exception {
        String address = UUID.randomUUID().toString();
        // Ofcom's drama range, so the number rings no one; 900800 to 900998, which no other test uses (the scripts
        // use 900123, 900124, 900321, 900456 and 900999, SmsConversationTest 900500 to 900799, ReportsTest 900200
        // to 900299): the erasure scan below must find nothing, and another test's patient on the same number in
        // the shared Redis made it fail once
        String digits = "900" + ThreadLocalRandom.current().nextInt(800, 999);
        conversations.start(Channel.WEBCHAT, address, null);
        for (String line : new String[] {"I'm lonely and want to meet people", "yes", "skip", "skip", "1", "yes",
                "phone call", "+44 7700 " + digits, "Tuesday afternoons"}) {
            say(address, line);
        }
        Session s = sessions.find(Channel.WEBCHAT, address).orElseThrow();
        assertThat(s.state()).isEqualTo("contact_requested");
        String id = s.handoffId();

        JsonNode one = json.readTree(mvc.perform(get("/api/handoffs/{id}", id).with(user("sam").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(one.path("contact").path("way").asString()).isEqualTo("call");
        assertThat(one.path("contact").path("phone").asString()).isEqualTo("+447700" + digits);
        assertThat(one.path("contact").path("phoneDisplay").asString()).isEqualTo("07700 " + digits);
        assertThat(one.path("contact").path("when").asString()).isEqualTo("Tuesday afternoons");
        boolean listed = false;
        JsonNode queue = json.readTree(mvc.perform(get("/api/handoffs").with(user("sam").roles("WORKER")))
                .andReturn().getResponse().getContentAsString());
        for (JsonNode h : queue) {
            if (h.path("id").asString().equals(id)) {
                // a list masks the number as it masks the patient
                assertThat(h.path("contact").path("way").asString()).isEqualTo("call");
                assertThat(h.path("contact").path("phone").asString()).endsWith(digits.substring(3))
                        .doesNotContain(digits);
                assertThat(h.toString()).doesNotContain("+447700" + digits).doesNotContain("07700 " + digits);
                listed = true;
            }
        }

        assertThat(listed).as("the handoff is in the queue").isTrue();

        String page = mvc.perform(get("/workers/handoffs/{id}", id).with(user("sam").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("How to contact").contains("Phone call on 07700 " + digits + ", Tuesday afternoons");

        say(address, "FORGET");
        Handoff erased = handoffs.find(id).orElseThrow();
        assertThat(erased.contact()).isNull();
        // the number as stored and as shown (the bare digits could be in a timestamp's nanoseconds)
        assertThat(RedisScan.mentions(redis, "+447700" + digits, "07700 " + digits)).isEmpty();
        String after = mvc.perform(get("/workers/handoffs/{id}", id).with(user("sam").roles("WORKER")))
                .andReturn().getResponse().getContentAsString();
        assertThat(after).doesNotContain("07700 " + digits).doesNotContain("How to contact");
    }
}
