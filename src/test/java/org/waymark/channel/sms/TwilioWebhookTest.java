package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

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

import redis.clients.jedis.UnifiedJedis;

/** The webhook's edges, none of which reach the conversation: signatures, keywords answered here, bad input. */
@SpringBootTest
@ActiveProfiles("test")
class TwilioWebhookTest {
    static final String PRACTICE_NUMBER = "+447700900123";

    @Autowired
    WebApplicationContext context;
    @Autowired
    SmsSetup setup;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    OptOuts optOuts;
    @Autowired
    SmsDeliveries deliveries;

    MockMvc mvc;
    TwilioRequests twilio;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        twilio = new TwilioRequests(setup.signingToken(), setup.settings().publicBaseUrl());
    }

    @Test
    void aForgedSignatureGets403AndNothingIsProcessed() throws Exception {
        String sid = TwilioRequests.newSid();
        Map<String, String> fields = TwilioRequests.inbound(sid, TwilioRequests.newNumber(), PRACTICE_NUMBER, "STOP");
        String forged = new TwilioRequests("not-the-token", setup.settings().publicBaseUrl()).sign("/twilio/sms",
                fields);

        mvc.perform(TwilioRequests.form("/twilio/sms", fields, forged))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("X-Twilio-Signature")));

        assertThat(redis.exists(SmsKeys.DEFAULT.messageSid(sid))).isFalse();
        assertThat(optOuts.optedOut(fields.get("From"))).isFalse();
    }

    @Test
    void aMissingSignatureGets403() throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), TwilioRequests.newNumber(),
                PRACTICE_NUMBER, "hi");
        mvc.perform(TwilioRequests.form("/twilio/sms", fields, null)).andExpect(status().isForbidden());
    }

    @Test
    void aSignatureOverTheRequestsOwnUrlInsteadOfThePublicOneIsRejected() throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), TwilioRequests.newNumber(),
                PRACTICE_NUMBER, "HELP");
        String ownUrl = new TwilioRequests(setup.signingToken(), "http://internal-node:8080").sign("/twilio/sms",
                fields);
        mvc.perform(TwilioRequests.form("/twilio/sms", fields, ownUrl)).andExpect(status().isForbidden());
    }

    @Test
    void aChangedFieldBreaksTheSignature() throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), TwilioRequests.newNumber(),
                PRACTICE_NUMBER, "HELP");
        String signature = twilio.sign("/twilio/sms", fields);
        fields.put("Body", "STOP");
        mvc.perform(TwilioRequests.form("/twilio/sms", fields, signature)).andExpect(status().isForbidden());
    }

    @Test
    void helpAnswersWithThePracticesNameAndHowToReachAPerson() throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), TwilioRequests.newNumber(),
                PRACTICE_NUMBER, "help");

        String twiml = mvc.perform(twilio.signed("/twilio/sms", fields))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
                .andReturn().getResponse().getContentAsString();

        assertThat(twiml).startsWith("<?xml").contains("<Response><Message>Riverside Medical Centre:")
                .contains("Reply PERSON to talk to a link worker or call 020 7946 0000").endsWith("</Response>");
        String text = twiml.replaceAll(".*<Message>(.*)</Message>.*", "$1");
        assertThat(SmsSegments.of(text).segments()).isLessThanOrEqualTo(2);
    }

    @Test
    void startOptsANumberBackIn() throws Exception {
        String number = TwilioRequests.newNumber();
        optOuts.optOut(number);

        String twiml = mvc.perform(twilio.signed("/twilio/sms",
                        TwilioRequests.inbound(TwilioRequests.newSid(), number, PRACTICE_NUMBER, "UNSTOP")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(twiml).contains("You can text Riverside Medical Centre again");
        assertThat(optOuts.optedOut(number)).isFalse();
    }

    @Test
    void aRetriedDeliveryGetsTheSameAnswerAndIsNotProcessedAgain() throws Exception {
        String number = TwilioRequests.newNumber();
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), number, PRACTICE_NUMBER, "START");

        String first = mvc.perform(twilio.signed("/twilio/sms", fields)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        optOuts.optOut(number); // a second processing would opt the number back in
        String again = mvc.perform(twilio.signed("/twilio/sms", fields)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(again).isEqualTo(first).contains("<Message>");
        assertThat(optOuts.optedOut(number)).isTrue();
        assertThat(redis.ttl(SmsKeys.DEFAULT.messageSid(fields.get("MessageSid")))).isBetween(86_000L, 86_400L);
    }

    @Test
    void aRetryWhileTheFirstIsStillInHandGetsAnEmptyAnswer() throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), TwilioRequests.newNumber(),
                PRACTICE_NUMBER, "HELP");
        redis.set(SmsKeys.DEFAULT.messageSid(fields.get("MessageSid")), "\u0000processing");

        mvc.perform(twilio.signed("/twilio/sms", fields)).andExpect(status().isOk())
                .andExpect(content().string(TwiML.EMPTY));
    }

    @Test
    void aTextToANumberNoPracticeUsesGetsAnEmptyAnswerAndIsNotProcessed() throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), TwilioRequests.newNumber(),
                "+447700900999", "STOP");

        mvc.perform(twilio.signed("/twilio/sms", fields)).andExpect(status().isOk())
                .andExpect(content().string(TwiML.EMPTY));

        assertThat(optOuts.optedOut(fields.get("From"))).isFalse();
        assertThat(redis.exists(SmsKeys.DEFAULT.messageSid(fields.get("MessageSid")))).isFalse();
    }

    @Test
    void aWebhookWithoutFromOrBodyIsA400Problem() throws Exception {
        Map<String, String> fields = TwilioRequests.inbound(TwilioRequests.newSid(), TwilioRequests.newNumber(),
                PRACTICE_NUMBER, "hi");
        fields.remove("From");
        mvc.perform(twilio.signed("/twilio/sms", fields)).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("From")));
        fields = TwilioRequests.inbound(TwilioRequests.newSid(), TwilioRequests.newNumber(), PRACTICE_NUMBER, "hi");
        fields.remove("Body");
        mvc.perform(twilio.signed("/twilio/sms", fields)).andExpect(status().isBadRequest());
    }

    @Test
    void aSignedStatusCallbackRecordsDeliveryAndAForgedOneIsRefused() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        String twilioSid = TwilioRequests.newSid();
        deliveries.create(id, TwilioRequests.newNumber(), PRACTICE_NUMBER, "riverside", "Hello");
        deliveries.accepted(id, twilioSid);
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("MessageSid", twilioSid);
        fields.put("MessageStatus", "failed");
        fields.put("ErrorCode", "30008");
        fields.put("AccountSid", "AC00000000000000000000000000000001");

        mvc.perform(TwilioRequests.form("/twilio/status", fields, "forged")).andExpect(status().isForbidden());
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);

        mvc.perform(twilio.signed("/twilio/status", fields)).andExpect(status().isNoContent());
        assertThat(deliveries.byId(id).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);

        mvc.perform(get("/api/sms/failed")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/sms/failed").with(httpBasic("admin", "test-admin-password")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '" + id + "')].status").value("FAILED"))
                .andExpect(jsonPath("$[?(@.id == '" + id + "')].error").value("Twilio error 30008"));
    }
}
