package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;

/** With no Twilio credentials (as in tests) outbound SMS land on the simulated phone, and /simulator is served. */
@SpringBootTest
@ActiveProfiles("test")
class PhoneSimulatorTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    List<PatientChannel> channels;
    @Autowired
    SmsSender sender;
    @Autowired
    OptOuts optOuts;
    @Autowired
    SmsDeliveries deliveries;
    @Autowired
    redis.clients.jedis.UnifiedJedis redis;

    MockMvc mvc;
    PatientChannel sms;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        sms = channels.stream().filter(c -> c.channel() == Channel.SMS).findFirst().orElseThrow();
    }

    static OutboundMessage worker(String text) {
        return new OutboundMessage(java.util.UUID.randomUUID().toString(), "worker", text, List.of(), List.of(),
                Instant.now());
    }

    @Test
    void withoutCredentialsSmsIsSimulatedAndThePageIsServedWithItsCsrfToken() throws Exception {
        assertThat(sender).isInstanceOf(SimulatedPhone.class);
        String html = mvc.perform(get("/simulator").with(user("sam").roles("WORKER"))).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("<meta name=\"_csrf\" content=\"").contains("Riverside Medical Centre (+447700900123)")
                .contains("<script src=\"/simulator/simulator.js\"></script>").doesNotContain("<script>")
                .doesNotContain("style=");
        mvc.perform(get("/simulator/simulator.js").with(user("sam").roles("WORKER"))).andExpect(status().isOk());
        mvc.perform(get("/simulator/simulator.css").with(user("sam").roles("WORKER"))).andExpect(status().isOk());
    }

    @Test
    void theSimulatorRefusesAPostWithoutCsrfAndABadNumber() throws Exception {
        String body = "{\"from\":\"+447700900321\",\"text\":\"HELP\"}";
        mvc.perform(post("/simulator/api/sms").with(user("sam").roles("WORKER"))
                .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isForbidden());
        mvc.perform(post("/simulator/api/sms").with(user("sam").roles("WORKER"))
                .with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"0770 12\",\"text\":\"HELP\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aTextFromTheSimulatorTakesTheWebhooksPathAndTheAnswerShowsInTheThread() throws Exception {
        String number = TwilioRequests.newNumber();
        mvc.perform(post("/simulator/api/sms").with(user("sam").roles("WORKER"))
                .with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + number + "\",\"to\":\"+447700900123\",\"text\":\"HELP\"}"))
                .andExpect(status().isOk());

        String thread = mvc.perform(get("/simulator/api/sms").with(user("sam").roles("WORKER"))
                .param("number", number)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(thread).contains("\"from\":\"patient\",\"text\":\"HELP\"")
                .contains("\"from\":\"bot\",\"text\":\"Riverside Medical Centre: Waymark helps");
    }

    @Test
    void aLinkWorkersReplyGoesThroughTheOutboxToTheSimulatedPhone() throws Exception {
        String number = TwilioRequests.newNumber();
        sms.deliver(number, "riverside", worker("Hi, it\u2019s Sam from the practice \u2013 shall I call you? \uD83D\uDE0A"));

        List<SimulatedPhone.Line> thread = waitForThread(number, 1);
        assertThat(thread).extracting(SimulatedPhone.Line::from).containsExactly("outbox");
        assertThat(thread.get(0).text()).isEqualTo("Hi, it's Sam from the practice - shall I call you?");
    }

    @Test
    void aLongMessageIsSentAsPiecesOfAtMostTwoSegments() throws Exception {
        String number = TwilioRequests.newNumber();
        String text = "The walking group meets at the park gate every Tuesday at ten, and tea follows. ".repeat(6);
        sms.deliver(number, "riverside", worker(text));

        List<SimulatedPhone.Line> thread = waitForThread(number, 2);
        assertThat(thread).allSatisfy(l -> assertThat(SmsSegments.of(l.text()).segments()).isLessThanOrEqualTo(2));
        assertThat(String.join(" ", thread.stream().map(SimulatedPhone.Line::text).toList())).isEqualTo(text.strip());
    }

    @Test
    void nothingIsSentToAnOptedOutNumberAndLinkWorkersCanSeeWhy() throws Exception {
        String number = TwilioRequests.newNumber();
        optOuts.optOut(number);
        sms.deliver(number, "riverside", worker("Your follow-up: how did the group go?"));
        String control = TwilioRequests.newNumber();
        sms.deliver(control, "riverside", worker("Control message"));

        waitForThread(control, 1); // the outbox has had its round
        assertThat(((SimulatedPhone) sender).thread(number)).isEmpty();
        assertThat(deliveries.failed()).anySatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.OPTED_OUT);
            assertThat(d.to()).isEqualTo(PhoneNumbers.masked(number));
        });
    }

    private List<SimulatedPhone.Line> waitForThread(String number, int atLeast) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        List<SimulatedPhone.Line> thread = List.of();
        while (Instant.now().isBefore(until)) {
            thread = ((SimulatedPhone) sender).thread(number);
            if (thread.size() >= atLeast) {
                Thread.sleep(600); // and nothing more arrives after
                return ((SimulatedPhone) sender).thread(number);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Only " + thread.size() + " message(s) reached " + number);
    }
}
