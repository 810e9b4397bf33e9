package org.waymark.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import org.waymark.RedisScan;
import org.waymark.conversation.Conversations;
import org.waymark.conversation.Turn;
import org.waymark.conversation.UnknownSessionException;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A patient's right to be forgotten, by the widget's FORGET, by SMS with a confirmation, and by an administrator. */
@SpringBootTest
@ActiveProfiles("test")
class ForgetTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    Conversations conversations;
    @Autowired
    Referrals referrals;
    @Autowired
    FollowUps followUps;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    JsonMapper json;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    Turn say(Channel channel, String address, String text) {
        return conversations.handle(new InboundMessage(channel, address, null, text, UUID.randomUUID().toString()));
    }

    /** A web chat patient chooses an activity (a referral) and is followed up, so every kind of record exists. */
    String referredWebPatient(String address) {
        String session = conversations.start(Channel.WEBCHAT, address, null).sessionId();
        say(Channel.WEBCHAT, address, "since my wife died I hardly see anyone and I'd like to meet people");
        say(Channel.WEBCHAT, address, "yes");
        say(Channel.WEBCHAT, address, "E1 6AN");
        say(Channel.WEBCHAT, address, "skip");
        say(Channel.WEBCHAT, address, "1");
        say(Channel.WEBCHAT, address, "no thanks");
        assertThat(referrals.ofPatient(Channel.WEBCHAT, address)).hasSize(1);
        Referral r = referrals.ofPatient(Channel.WEBCHAT, address).get(0);
        followUps.runDue(FollowUpTest.noonFrom(r.followUpAt()));
        assertThat(conversations.transcript(Channel.WEBCHAT, address)).extracting(OutboundMessage::text)
                .anyMatch(t -> t.contains("Did you go?"));
        return session;
    }

    List<String> mentions(String... needles) {
        return RedisScan.mentions(redis, needles);
    }

    @Test
    void forgetFromTheWidgetLeavesNothingInRedisThatNamesThePatient() {
        String address = "forget-" + UUID.randomUUID();
        String session = referredWebPatient(address);
        assertThat(mentions(session, address)).isNotEmpty();

        Turn t = say(Channel.WEBCHAT, address, "FORGET");
        assertThat(t.replies()).extracting(OutboundMessage::text).anyMatch(s -> s.contains("deleted"));

        assertThat(mentions(session, address)).isEmpty();
        assertThat(referrals.ofPatient(Channel.WEBCHAT, address)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conversations.transcript(Channel.WEBCHAT, address))
                .isInstanceOf(UnknownSessionException.class);
        // nothing is left to follow up
        followUps.runDue(Instant.now().plus(Duration.ofDays(60)));
        assertThat(mentions(session, address)).isEmpty();
    }

    @Test
    void forgetBySmsAsksForConfirmationFirst() throws Exception {
        String number = FollowUpTest.newNumber();
        Referral r = null;
        sms(number, "hi");
        sms(number, "yes");
        sms(number, "I'm lonely and would like to meet people");
        sms(number, "yes");
        sms(number, "E1 6AN");
        sms(number, "skip");
        sms(number, "1");
        sms(number, "PERSON"); // a handoff too, with a thread holding the patient's words
        r = referrals.ofPatient(Channel.SMS, number).get(0);
        String session = r.sessionId();

        assertThat(sms(number, "FORGET")).contains("Reply FORGET YES");
        assertThat(conversations.transcript(Channel.SMS, number)).isNotEmpty();
        assertThat(referrals.find(r.id())).isPresent();

        assertThat(sms(number, "forget yes")).contains("deleted");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conversations.transcript(Channel.SMS, number))
                .isInstanceOf(UnknownSessionException.class);
        assertThat(referrals.find(r.id())).isEmpty();
        assertThat(referrals.ofPatient(Channel.SMS, number)).isEmpty();
        assertThat(redis.zscore(Referrals.DUE, r.id() + ":ask")).isNull();
        // the handoff's thread, the SMS delivery log and segments went too; only the simulated handset's own
        // screen (it stands in for the patient's phone, which shows the "deleted" confirmation) names the number
        assertThat(mentions(session)).isEmpty();
        assertThat(mentions(number)).allMatch(k -> k.startsWith("wm:sms:sim:"));
        assertThat(redis.lrange("wm:sms:sim:" + number, 0, -1)).hasSizeLessThanOrEqualTo(2); // at most FORGET YES and the reply
    }

    String sms(String from, String body) throws Exception {
        String out = mvc.perform(post("/simulator/api/sms").with(user("sam").roles("WORKER"))
                .with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("from", from, "text", body))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String last = "";
        for (JsonNode line : json.readTree(out)) {
            if ("bot".equals(line.path("from").asString())) {
                last = line.path("text").asString();
            }
        }
        return last;
    }

    @Test
    void anAdministratorCanExportThenEraseOnePatient() throws Exception {
        String address = "sar-" + UUID.randomUUID();
        String session = referredWebPatient(address);

        mvc.perform(get("/workers/admin/patients").with(user("lw").roles("WORKER"))).andExpect(status().isForbidden());
        String page = mvc.perform(get("/workers/admin/patients").with(user("boss").roles("ADMIN", "WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Delete their data");

        String export = mvc.perform(post("/workers/admin/patients/export").with(csrf())
                        .with(user("boss").roles("ADMIN", "WORKER")).param("channel", "webchat")
                        .param("address", address))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode data = json.readTree(export);
        assertThat(data.path("conversation").size()).isGreaterThan(5);
        assertThat(data.path("referrals").size()).isEqualTo(1);
        assertThat(data.path("referrals").get(0).path("event").asString()).isEqualTo("self_referral");
        assertThat(data.path("referrals").get(0).path("referral").path("code").isNull()).isTrue();

        String unconfirmed = mvc.perform(post("/workers/admin/patients/erase").with(csrf())
                        .with(user("boss").roles("ADMIN", "WORKER")).param("channel", "webchat")
                        .param("address", address))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(unconfirmed).contains("Nothing was deleted");
        assertThat(mentions(session, address)).isNotEmpty();

        String done = mvc.perform(post("/workers/admin/patients/erase").with(csrf())
                        .with(user("boss").roles("ADMIN", "WORKER")).param("channel", "webchat")
                        .param("address", address).param("confirm", "ERASE"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(done).contains("1 referral record(s)");
        assertThat(mentions(session, address)).isEmpty();
    }
}
