package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.yaml.snakeyaml.Yaml;

import org.waymark.conversation.Conversations;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.HandoffStatus;
import org.waymark.handoff.Handoffs;
import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;

import redis.clients.jedis.UnifiedJedis;

/** SMS conversations with the real conversation engine, through the signed webhook as Twilio calls it. */
@SpringBootTest
@ActiveProfiles("test")
class SmsConversationTest {
    static final String PRACTICE_NUMBER = "+447700900123";
    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);

    @Autowired
    WebApplicationContext context;
    @Autowired
    SmsSetup setup;
    @Autowired
    ObjectProvider<Conversations> conversations;
    @Autowired
    SmsInbound inbound;
    @Autowired
    SmsSender sender;
    @Autowired
    SmsDeliveries deliveries;
    @Autowired
    OptOuts optOuts;
    @Autowired
    List<PatientChannel> channels;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    Handoffs handoffs;

    MockMvc mvc;
    TwilioRequests twilio;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        twilio = new TwilioRequests(setup.signingToken(), setup.settings().publicBaseUrl());
    }

    String text(String from, String body) throws Exception {
        return text(TwilioRequests.newSid(), from, body);
    }

    String text(String sid, String from, String body) throws Exception {
        return mvc.perform(twilio.signed("/twilio/sms", TwilioRequests.inbound(sid, from, PRACTICE_NUMBER, body)))
                .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith("application/xml"))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<String> messages(String twiml) {
        List<String> out = new ArrayList<>();
        Matcher m = MESSAGE.matcher(twiml);
        while (m.find()) {
            out.add(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&apos;", "'").replace("&amp;", "&"));
        }
        return out;
    }

    @Test
    void aPatientTextingHiGetsTheWelcomeAsTwiml() throws Exception {
        String number = TwilioRequests.newNumber();
        List<String> replies = messages(text(number, "hi"));

        assertThat(replies).isNotEmpty();
        assertThat(String.join(" ", replies).toLowerCase(Locale.ROOT)).contains("riverside").contains("stop");
        assertThat(replies).allSatisfy(r -> {
            assertThat(SmsSegments.of(r).encoding()).isEqualTo(SmsSegments.Encoding.GSM_7);
            assertThat(SmsSegments.of(r).segments()).isLessThanOrEqualTo(2);
        });
    }

    @Test
    void theSameMessageSidAgainGetsNoSecondReplyAndNoSecondTurn() throws Exception {
        String number = TwilioRequests.newNumber();
        String sid = TwilioRequests.newSid();
        SmsInbound.Answer first = inbound.receive(new SmsInbound.Sms(sid, number, PRACTICE_NUMBER, "hi", 0));
        String segments = redis.get(SmsKeys.DEFAULT.segments(first.sessionId()));
        int transcript = conversations.getObject().transcript(Channel.SMS, number).size();

        String again = text(sid, number, "hi");

        assertThat(again).isEqualTo(first.twiml());
        assertThat(conversations.getObject().transcript(Channel.SMS, number)).hasSize(transcript);
        assertThat(messages(again)).isNotEmpty();
        assertThat(redis.get(SmsKeys.DEFAULT.segments(first.sessionId()))).isEqualTo(segments);
        // the conversation did not move on either: a new "hi" is a second message in the same session
        assertThat(inbound.receive(new SmsInbound.Sms(TwilioRequests.newSid(), number, PRACTICE_NUMBER, "hi", 0))
                .sessionId()).isEqualTo(first.sessionId());
    }

    @Test
    void segmentsPerConversationAreCounted() {
        String number = TwilioRequests.newNumber();
        SmsInbound.Answer answer = inbound.receive(new SmsInbound.Sms(TwilioRequests.newSid(), number,
                PRACTICE_NUMBER, "hi", 0));

        long expected = answer.replies().stream().mapToLong(r -> SmsSegments.of(r).segments()).sum();
        assertThat(expected).isPositive();
        assertThat(redis.get(SmsKeys.DEFAULT.segments(answer.sessionId()))).isEqualTo(Long.toString(expected));
        assertThat(deliveries.segmentsFor(answer.sessionId())).isEqualTo(expected);
    }

    @Test
    void afterStopNothingMoreIsSentUntilStart() throws Exception {
        String number = TwilioRequests.newNumber();
        text(number, "hi");

        assertThat(messages(text(number, "Stop"))).singleElement().asString()
                .contains("no more texts from Riverside Medical Centre").contains("START");
        assertThat(optOuts.optedOut(number)).isTrue();
        assertThat(messages(text(number, "ok then"))).isEmpty();
        PatientChannel sms = channels.stream().filter(c -> c.channel() == Channel.SMS).findFirst().orElseThrow();
        sms.deliver(number, "riverside", new OutboundMessage("f1", "bot", "How did the group go?", List.of(),
                List.of(), Instant.now()));
        Thread.sleep(1500); // two outbox rounds
        assertThat(((SimulatedPhone) sender).thread(number)).isEmpty();
        assertThat(deliveries.failed()).anySatisfy(d -> assertThat(d.to()).isEqualTo(PhoneNumbers.masked(number)));

        assertThat(messages(text(number, "START"))).singleElement().asString().contains("again");
        assertThat(optOuts.optedOut(number)).isFalse();
        assertThat(messages(text(number, "yes"))).isNotEmpty();
    }

    /** "07700 900456", "+447700900456" and "447700900456" are one patient: a STOP from one form stops them all. */
    @Test
    void aStopFromOneFormOfTheNumberStopsTheOthers() throws Exception {
        // 900500 to 900799: this test's own part of the drama range (ContactOnHandoffTest's erasure scan has another)
        String tail = String.valueOf(500 + (int) (Math.random() * 300));
        String e164 = "+447700900" + tail;
        String national = "07700 900" + tail;
        String bare = "447700900" + tail;
        text(national, "hi");

        assertThat(messages(text(bare, "STOP"))).singleElement().asString().contains("START");
        assertThat(optOuts.optedOut(e164)).isTrue();
        assertThat(optOuts.optedOut(national)).isTrue();
        assertThat(messages(text(e164, "hello again"))).as("opted out under every form").isEmpty();
        PatientChannel sms = channels.stream().filter(c -> c.channel() == Channel.SMS).findFirst().orElseThrow();
        sms.deliver(national, "riverside", new OutboundMessage("f2", "bot", "How did the group go?", List.of(),
                List.of(), Instant.now()));
        Thread.sleep(1500); // two outbox rounds
        assertThat(((SimulatedPhone) sender).thread(e164)).isEmpty();

        assertThat(messages(text(national, "START"))).singleElement().asString().contains("again");
        assertThat(optOuts.optedOut(bare)).isFalse();
    }

    /**
     * Own words opt out like the keyword once the patient says yes to "do you want us to stop texting you?"; the
     * words alone opt no one out. (The name is the one the hazard log's H09 cites.)
     */
    @Test
    void askingToStopInOwnWordsOptsTheNumberOutLikeTheKeyword() throws Exception {
        String number = TwilioRequests.newNumber();
        text(number, "hi");
        text(number, "yes");

        String asked = String.join(" ", messages(text(number, "stop texting me please")));

        assertThat(asked).contains("Do you want us to stop texting you?").contains("Reply STOP");
        assertThat(optOuts.optedOut(number)).as("words alone opt no one out").isFalse();
        assertThat(String.join(" ", messages(text(number, "yes"))).toLowerCase(Locale.ROOT))
                .contains("won't get any more messages");
        assertThat(optOuts.optedOut(number)).isTrue();
    }

    @Test
    void wordsWithStopInThemKeepTheWaitForALinkWorkerAndOptNoOneOut() throws Exception {
        String number = TwilioRequests.newNumber();
        text(number, "hi");
        text(number, "yes");
        text(number, "PERSON");
        Handoff waiting = handoffs.list(HandoffStatus.WAITING).stream().filter(h -> number.equals(h.address()))
                .findFirst().orElseThrow();

        text(number, "please stop the rent increase");
        assertThat(messages(text(number, "it goes up by 200 pounds next month"))).as("the bot stays quiet").isEmpty();

        assertThat(optOuts.optedOut(number)).isFalse();
        assertThat(handoffs.find(waiting.id()).orElseThrow().status()).isEqualTo(HandoffStatus.WAITING);
        assertThat(handoffs.thread(waiting.id())).extracting(OutboundMessage::text)
                .contains("please stop the rent increase", "it goes up by 200 pounds next month");
    }

    @Test
    void yesOptsBackInOnlyANumberThatTextedStop() throws Exception {
        String number = TwilioRequests.newNumber();
        text(number, "hi");

        String answered = String.join(" ", messages(text(number, "YES")));
        assertThat(answered).as("an answer to 'OK to carry on?'").contains("What matters to you")
                .doesNotContain("again");

        text(number, "STOP");
        assertThat(optOuts.optedOut(number)).isTrue();
        assertThat(messages(text(number, "Yes!"))).singleElement().asString()
                .contains("You can text Riverside Medical Centre again");
        assertThat(optOuts.optedOut(number)).isFalse();
        assertThat(String.join(" ", messages(text(number, "I'd like to meet people")))).contains("Is that right?");
    }

    @Test
    void afterAConfirmedStopStartBeginsTheConversationAgain() throws Exception {
        String number = TwilioRequests.newNumber();
        text(number, "hi");
        text(number, "yes");
        text(number, "leave me alone");
        text(number, "yes");
        assertThat(optOuts.optedOut(number)).isTrue();

        String restarted = String.join(" ", messages(text(number, "START")));

        assertThat(restarted).contains("You can text Riverside Medical Centre again").contains("OK to carry on?");
        assertThat(optOuts.optedOut(number)).isFalse();
        assertThat(String.join(" ", messages(text(number, "yes")))).contains("What matters to you")
                .doesNotContain("You asked us to stop");
    }

    @Test
    void aRiskyTextFromAnOptedOutNumberIsStillAnsweredWithTheCrisisText() throws Exception {
        String number = TwilioRequests.newNumber();
        text(number, "STOP");

        List<String> replies = messages(text(number, "I want to kill myself"));

        assertThat(replies).isNotEmpty();
        assertThat(String.join(" ", replies)).containsAnyOf("999", "111", "Samaritans", "116 123");
    }

    @Test
    void anOverlongTextIsReadInPartAndAnsweredWithAPleaForShorterTexts() throws Exception {
        String number = TwilioRequests.newNumber();
        text(number, "hi");
        String story = "I have been feeling very lonely since I moved here and I would like to meet people. "
                .repeat(25);
        assertThat(story.length()).isGreaterThan(SmsInbound.MAX_BODY);

        List<String> replies = messages(text(number, story));

        assertThat(replies).hasSizeGreaterThan(1).endsWith("That was a long message, so I read the first part. Shorter texts work best.");
        assertThat(conversations.getObject().transcript(Channel.SMS, number)).anySatisfy(m -> {
            assertThat(m.from()).isEqualTo("patient");
            assertThat(m.text()).hasSize(SmsInbound.MAX_BODY);
        });
    }

    @Test
    void aWholeSelfReferralWorksBySms() throws Exception {
        int segments = referral("/sms/self-referral.yaml", true);
        assertThat(segments).as("SMS segments from hi to a chosen activity's details").isLessThanOrEqualTo(10);
    }

    @Test
    void aWholeSelfReferralWorksBySmsInBengaliWithinFourteenSegments() throws Exception {
        int segments = referral("/sms/self-referral-bn.yaml", false);
        assertThat(segments).as("UCS-2 SMS segments from the first Bengali text to a chosen activity's details")
                .isLessThanOrEqualTo(14);
    }

    /** Plays an SMS script; returns the segments sent up to and including the chosen activity's details. */
    @SuppressWarnings("unchecked")
    private int referral(String file, boolean gsm) throws Exception {
        Map<String, Object> script;
        try (InputStream in = getClass().getResourceAsStream(file)) {
            script = new Yaml().load(in);
        }
        String number = TwilioRequests.newNumber();
        int segments = 0;
        boolean reachedChoice = false;
        for (Map<String, Object> step : (List<Map<String, Object>>) script.get("steps")) {
            String said = (String) step.get("text");
            List<String> replies = messages(text(number, said));
            if (!reachedChoice) {
                segments += replies.stream().mapToInt(r -> SmsSegments.of(r).segments()).sum();
                String joined = String.join(" ", replies).toLowerCase(Locale.ROOT);
                reachedChoice = joined.contains("contact you") || joined.contains("যোগাযোগ করবেন");
            }
            String all = String.join(" | ", replies);
            assertThat(replies).as("answer to '%s'", said).isNotEmpty();
            for (String words : (List<String>) step.get("reply")) {
                assertThat(all.toLowerCase(Locale.ROOT)).as("answer to '%s'", said)
                        .contains(words.toLowerCase(Locale.ROOT));
            }
            assertThat(replies).as("answer to '%s'", said).allSatisfy(r -> {
                if (gsm) {
                    assertThat(SmsSegments.of(r).encoding()).isEqualTo(SmsSegments.Encoding.GSM_7);
                }
                assertThat(SmsSegments.of(r).segments()).isLessThanOrEqualTo(gsm ? 2 : 4);
            });
        }
        assertThat(reachedChoice).as("the script reaches a chosen activity").isTrue();
        return segments;
    }

    @Test
    void aTextOnTheSimulatorGetsTheBotsReplyInItsThread() throws Exception {
        String number = TwilioRequests.newNumber();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/simulator/api/sms").with(user("sam").roles("WORKER"))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .csrf())
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + number + "\",\"text\":\"hi\"}"))
                .andExpect(status().isOk());

        assertThat(((SimulatedPhone) sender).thread(number)).extracting(SimulatedPhone.Line::from)
                .startsWith("patient", "bot");
    }
}
