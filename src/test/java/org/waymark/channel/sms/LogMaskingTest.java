package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;

/**
 * Patient data never reaches the logs in clear: a whole SMS conversation, a crisis, a handoff and an outbound
 * message are logged with masked numbers and without the words the patient wrote.
 */
@SpringBootTest
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    SmsSetup setup;
    @Autowired
    List<PatientChannel> channels;

    MockMvc mvc;
    TwilioRequests twilio;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        twilio = new TwilioRequests(setup.signingToken(), setup.settings().publicBaseUrl());
    }

    private void text(String from, String body) throws Exception {
        mvc.perform(twilio.signed("/twilio/sms", TwilioRequests.inbound(TwilioRequests.newSid(), from,
                SmsConversationTest.PRACTICE_NUMBER, body))).andExpect(status().isOk());
    }

    @Test
    void phoneNumbersAndMessageTextAreMaskedInLogs(CapturedOutput output) throws Exception {
        String number = TwilioRequests.newNumber();
        List<String> said = List.of("hi", "yes", "my neighbour Zebediah never visits and I feel so alone",
                "yes", "E1 6AN", "skip", "PERSON", "Quintessa is my dog and I want to kill myself tonight");
        for (String body : said) {
            text(number, body);
        }
        PatientChannel sms = channels.stream().filter(c -> c.channel() == Channel.SMS).findFirst().orElseThrow();
        sms.deliver(number, "riverside", new OutboundMessage("m-mask", "worker", "Hello Zebediah, it's Sam",
                List.of(), List.of(), java.time.Instant.now()));
        Thread.sleep(1200); // let the outbox send it

        String logs = output.getAll();
        assertThat(logs).doesNotContain(number).doesNotContain(number.substring(1))
                .doesNotContain("Zebediah").doesNotContain("Quintessa").doesNotContain("kill myself");
        assertThat(logs).contains("Risk raised");
    }
}
