package org.waymark.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import org.waymark.conversation.ConversationEvents;
import org.waymark.conversation.Conversations;
import org.waymark.directory.Directory;
import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follow-ups with the clock moved forward: {@code runDue(instant)} is called with later instants, as the poller
 * would call it with the app's clock on that day.
 */
@SpringBootTest
@ActiveProfiles("test")
class FollowUpTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Autowired
    WebApplicationContext context;
    @Autowired
    FollowUps followUps;
    @Autowired
    Referrals referrals;
    @Autowired
    Conversations conversations;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    JsonMapper json;
    @Autowired
    Directory directory;
    @Autowired
    List<PatientChannel> channels;
    @Autowired
    FollowUpSettings settings;
    @Autowired
    org.waymark.handoff.Handoffs handoffs;
    @Autowired
    Clock clock;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    static String newNumber() {
        return "+447700" + String.format("%06d", (int) (Math.random() * 1_000_000));
    }

    JsonNode text(String from, String body) throws Exception {
        String out = mvc.perform(post("/simulator/api/sms").with(user("sam").roles("WORKER"))
                .with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("from", from, "text", body))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return json.readTree(out);
    }

    /** The bot's last reply in the phone's thread. */
    String lastReply(String number, String body) throws Exception {
        JsonNode thread = text(number, body);
        String last = null;
        for (JsonNode line : thread) {
            if ("bot".equals(line.path("from").asString())) {
                last = line.path("text").asString();
            }
        }
        return last;
    }

    long followUpQuestions(Channel channel, String address) {
        return conversations.transcript(channel, address).stream().map(OutboundMessage::text)
                .filter(t -> t.contains("did you go to") || t.contains("Did you go?")).count();
    }

    /** Noon London time on the day {@code at} falls, or the next day when that is already past. */
    static Instant noonFrom(Instant at) {
        ZonedDateTime noon = at.atZone(LONDON).with(LocalTime.NOON);
        return (noon.toInstant().isBefore(at) ? noon.plusDays(1) : noon).toInstant();
    }

    String importActivity() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/directory/demo-services.json")) {
            ObjectNode s = (ObjectNode) ((ArrayNode) json.readTree(in)).get(0);
            String id = UUID.randomUUID().toString();
            s.put("id", id);
            s.put("name", "Follow-up Test Group " + id.substring(0, 6));
            s.remove("x_days_since_verified");
            s.put("assured_date", LocalDate.now(clock.withZone(LONDON)).toString());
            mvc.perform(post("/api/directory/import").with(httpBasic("admin", "test-admin-password"))
                    .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(s)))
                    .andExpect(status().isOk());
            return id;
        }
    }

    Referral referTo(Channel channel, String address, String activityId, Instant at) {
        String session = UUID.randomUUID().toString();
        events.publishEvent(new ConversationEvents.ActivityChosen(session, "riverside", channel, address, activityId,
                List.of("loneliness"), at));
        return referrals.latestForSession(session).orElseThrow();
    }

    @Test
    void aReferredPatientGetsExactlyOneFollowUpOnDayFourteenAndTheirAnswerIsKept() throws Exception {
        String number = newNumber();
        assertThat(lastReply(number, "hi")).containsIgnoringCase("reply stop");
        lastReply(number, "yes");
        lastReply(number, "I'm lonely and would like to meet people");
        lastReply(number, "yes");
        lastReply(number, "E1 6AN");
        lastReply(number, "skip");
        lastReply(number, "1");
        List<Referral> made = referrals.ofPatient(Channel.SMS, number);
        assertThat(made).hasSize(1);
        Referral r = made.get(0);
        assertThat(r.activityName()).isNotBlank();
        assertThat(r.needs()).contains("loneliness");
        assertThat(r.followUpAt()).isEqualTo(r.referredAt().plus(Duration.ofDays(14)));

        // ONS4 before: offered once the activity is chosen and the chat closes
        assertThat(lastReply(number, "no thanks")).contains("4 quick questions");
        lastReply(number, "yes");
        lastReply(number, "6");
        lastReply(number, "5");
        lastReply(number, "4");
        assertThat(lastReply(number, "7")).contains("Thank you");
        assertThat(referrals.find(r.id()).orElseThrow().baseline()).containsExactly(6, 5, 4, 7);

        Instant dayThirteen = noonFrom(r.referredAt().plus(Duration.ofDays(13)));
        followUps.runDue(dayThirteen);
        assertThat(followUpQuestions(Channel.SMS, number)).isZero();

        Instant dayFourteen = noonFrom(r.followUpAt());
        followUps.runDue(dayFourteen);
        followUps.runDue(dayFourteen.plusSeconds(60));
        assertThat(followUpQuestions(Channel.SMS, number)).isEqualTo(1);
        assertThat(referrals.find(r.id()).orElseThrow().status()).isEqualTo("asked");
        awaitOutbox(number, "did you go to");

        String reply = lastReply(number, "1");
        assertThat(reply).contains("how satisfied are you with your life");
        Referral answered = referrals.find(r.id()).orElseThrow();
        assertThat(answered.outcome()).isEqualTo("went");
        lastReply(number, "8");
        lastReply(number, "8");
        lastReply(number, "7");
        lastReply(number, "2");
        assertThat(referrals.find(r.id()).orElseThrow().after()).containsExactly(8, 8, 7, 2);
        assertThat(referrals.find(r.id()).orElseThrow().paired()).isTrue();

        // answered: no reminder follows
        followUps.runDue(dayFourteen.plus(Duration.ofDays(10)));
        assertThat(followUpQuestions(Channel.SMS, number)).isEqualTo(1);
    }

    @Test
    void ons4AnswersOffTheScaleAreAskedAgainAndNeverKeptAsAnotherNumber() throws Exception {
        String number = newNumber();
        lastReply(number, "hi");
        lastReply(number, "yes");
        lastReply(number, "I'm lonely and would like to meet people");
        lastReply(number, "yes");
        lastReply(number, "E1 6AN");
        lastReply(number, "skip");
        lastReply(number, "1");
        Referral r = referrals.ofPatient(Channel.SMS, number).get(0);
        lastReply(number, "no thanks");

        // each question as ONS words it, with its 0 and 10 anchors, in one GSM-7 text of at most two parts; an
        // answer off the scale or only rough is asked again (one at a time: two misunderstood turns in a row bring
        // a link worker, whatever the question)
        String life = lastReply(number, "yes");
        assertThat(life).startsWith("Overall, how satisfied are you with your life nowadays?");
        assertThat(lastReply(number, "-1")).contains("number from 0 to 10");
        assertThat(referrals.find(r.id()).orElseThrow().baseline()).isEmpty();
        String worthwhile = lastReply(number, "0");
        assertThat(worthwhile).startsWith(
                "Overall, to what extent do you feel that the things you do in your life are worthwhile?");
        assertThat(lastReply(number, "11")).contains("number from 0 to 10");
        String happy = lastReply(number, "10");
        assertThat(happy).startsWith("Overall, how happy did you feel yesterday?");
        assertThat(lastReply(number, "seven-ish")).contains("number from 0 to 10");
        String anxious = lastReply(number, "1");
        assertThat(anxious).startsWith("On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', "
                + "overall, how anxious did you feel yesterday?");
        for (String q : List.of(life, worthwhile, happy, anxious)) {
            assertThat(q).as(q).contains("0 is 'not at all").contains("10 is 'completely");
            assertThat(org.waymark.channel.sms.SmsSegments.of(q).encoding()).as(q)
                    .isEqualTo(org.waymark.channel.sms.SmsSegments.Encoding.GSM_7);
            assertThat(org.waymark.channel.sms.SmsSegments.of(q).segments()).as(q).isLessThanOrEqualTo(2);
        }
        assertThat(lastReply(number, "minus 2")).contains("number from 0 to 10");
        assertThat(lastReply(number, "2")).contains("Thank you");
        assertThat(referrals.find(r.id()).orElseThrow().baseline()).containsExactly(0, 10, 1, 2);
    }

    void awaitOutbox(String number, String words) throws Exception {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            String thread = mvc.perform(get("/simulator/api/sms").with(user("sam").roles("WORKER"))
                    .param("number", number))
                    .andReturn().getResponse().getContentAsString();
            for (JsonNode line : json.readTree(thread)) {
                if ("outbox".equals(line.path("from").asString()) && line.path("text").asString().contains(words)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no SMS containing '" + words + "' was sent to the patient");
    }

    @Test
    void itWasntRunningFlagsTheServiceForLinkWorkersToCheck() throws Exception {
        String activity = importActivity();
        String number = newNumber();
        Referral r = referTo(Channel.SMS, number, activity, clock.instant());
        followUps.runDue(noonFrom(r.followUpAt()));
        assertThat(followUpQuestions(Channel.SMS, number)).isEqualTo(1);

        lastReply(number, "I went but it wasn't running");
        assertThat(referrals.find(r.id()).orElseThrow().outcome()).isEqualTo("not_running");
        String stale = mvc.perform(get("/api/directory/stale").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(stale).contains(activity);
        mvc.perform(post("/api/directory/services/" + activity + "/status").param("status", "inactive")
                .with(user("lw").roles("WORKER")));
    }

    @Test
    void noTextsInQuietHoursTheFollowUpWaitsForEightInTheMorning() {
        String number = newNumber();
        Referral r = referTo(Channel.SMS, number, UUID.randomUUID().toString(), clock.instant());
        Instant lateEvening = r.followUpAt().atZone(LONDON).with(LocalTime.of(22, 30)).toInstant();
        redis.zadd(Referrals.DUE, lateEvening.toEpochMilli(), r.id() + ":ask");

        followUps.runDue(lateEvening);
        assertThat(referrals.find(r.id()).orElseThrow().status()).isEqualTo("scheduled");
        Instant eight = lateEvening.atZone(LONDON).plusDays(1).with(LocalTime.of(8, 0)).toInstant();
        assertThat(redis.zscore(Referrals.DUE, r.id() + ":ask")).isEqualTo((double) eight.toEpochMilli());

        followUps.runDue(eight.minusSeconds(60));
        assertThat(referrals.find(r.id()).orElseThrow().status()).isEqualTo("scheduled");
        followUps.runDue(eight);
        assertThat(referrals.find(r.id()).orElseThrow().status()).isEqualTo("asked");
        assertThat(followUpQuestions(Channel.SMS, number)).isEqualTo(1);
    }

    @Test
    void noAnswerMeansOneReminderThenCouldNotReach() {
        String number = newNumber();
        Referral r = referTo(Channel.SMS, number, UUID.randomUUID().toString(), clock.instant());
        Instant asked = noonFrom(r.followUpAt());
        followUps.runDue(asked);
        assertThat(referrals.find(r.id()).orElseThrow().status()).isEqualTo("asked");

        followUps.runDue(asked.plus(Duration.ofDays(settings.reminderDays())));
        assertThat(referrals.find(r.id()).orElseThrow().status()).isEqualTo("reminded");
        List<String> texts = conversations.transcript(Channel.SMS, number).stream().map(OutboundMessage::text)
                .toList();
        assertThat(texts).filteredOn(t -> t.contains("a reminder")).hasSize(1);

        Instant giveUp = asked.plus(Duration.ofDays(settings.reminderDays() + settings.giveUpDays()));
        followUps.runDue(giveUp.minusSeconds(3600));
        assertThat(referrals.find(r.id()).orElseThrow().outcome()).isNull();
        followUps.runDue(giveUp);
        Referral done = referrals.find(r.id()).orElseThrow();
        assertThat(done.outcome()).isEqualTo("could_not_reach");
        followUps.runDue(giveUp.plus(Duration.ofDays(30)));
        assertThat(conversations.transcript(Channel.SMS, number)).hasSize(texts.size());
    }

    @Test
    void twoNodesPollingAtOnceSendEachFollowUpOnce() throws Exception {
        List<String> numbers = new ArrayList<>();
        List<Referral> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            numbers.add(newNumber());
            made.add(referTo(Channel.SMS, numbers.get(i), UUID.randomUUID().toString(), clock.instant()));
        }
        Instant due = noonFrom(made.get(0).followUpAt().plusSeconds(5));
        FollowUps otherNode = new FollowUps(redis, referrals, conversations, directory, handoffs, channels, settings, clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> both = List.of(() -> followUps.runDue(due), () -> otherNode.runDue(due));
            for (Future<Integer> f : pool.invokeAll(both)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (String n : numbers) {
            assertThat(followUpQuestions(Channel.SMS, n)).as(n).isEqualTo(1);
        }
    }

    @Test
    void theScheduleIsInRedisSoANewNodeAfterARestartSendsIt() {
        String number = newNumber();
        Referral r = referTo(Channel.SMS, number, UUID.randomUUID().toString(), clock.instant());
        assertThat(redis.zscore(Referrals.DUE, r.id() + ":ask")).isEqualTo((double) r.followUpAt().toEpochMilli());
        FollowUps afterRestart = new FollowUps(redis, new Referrals(redis, json,
                context.getBean(org.waymark.practice.Practices.class),
                context.getBean(org.waymark.store.Pseudonyms.class), clock), conversations, directory, handoffs, channels,
                settings, clock);
        afterRestart.runDue(noonFrom(r.followUpAt()));
        assertThat(followUpQuestions(Channel.SMS, number)).isEqualTo(1);
    }

    @Test
    void aPatientWhoSaidStopIsNotFollowedUp() throws Exception {
        String number = newNumber();
        lastReply(number, "hi");
        lastReply(number, "please stop texting me");
        lastReply(number, "yes");
        Referral r = referTo(Channel.SMS, number, UUID.randomUUID().toString(), clock.instant());
        followUps.runDue(noonFrom(r.followUpAt()));
        assertThat(followUpQuestions(Channel.SMS, number)).isZero();
        assertThat(referrals.find(r.id()).orElseThrow().status()).isEqualTo("not_sent");
    }

    @Test
    void aYesToTheFollowUpAnswersItEvenIfEndingWasAskedAboutBefore() {
        String address = "fu-asked-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, address, null);
        say(address, "yes");
        assertThat(say(address, "leave me alone")).anyMatch(t -> t.contains("Do you want to end this chat?"));
        Referral r = referTo(Channel.WEBCHAT, address, UUID.randomUUID().toString(), clock.instant());
        followUps.runDue(noonFrom(r.followUpAt()));
        assertThat(followUpQuestions(Channel.WEBCHAT, address)).isEqualTo(1);

        List<String> replies = say(address, "yeah");

        assertThat(replies).noneMatch(t -> t.contains("won't get any more messages"));
        assertThat(referrals.find(r.id()).orElseThrow().outcome()).isEqualTo("went");
    }

    List<String> say(String address, String text) {
        return conversations.handle(new org.waymark.messaging.InboundMessage(Channel.WEBCHAT, address, null, text,
                UUID.randomUUID().toString())).replies().stream().map(OutboundMessage::text).toList();
    }

    @Test
    void noFollowUpWhileALinkWorkersHandoffIsOpen() throws Exception {
        String number = newNumber();
        lastReply(number, "hi");
        lastReply(number, "yes");
        lastReply(number, "PERSON");
        Referral r = referTo(Channel.SMS, number, UUID.randomUUID().toString(), clock.instant());

        followUps.runDue(noonFrom(r.followUpAt()));

        assertThat(followUpQuestions(Channel.SMS, number)).as("the bot does not talk over a link worker").isZero();
        assertThat(referrals.find(r.id()).orElseThrow().status()).isEqualTo("not_sent");
    }

    @Test
    void aNumberThatTextedStopGetsNoFollowUpText() throws Exception {
        String number = newNumber();
        lastReply(number, "hi");
        text(number, "STOP");
        Referral r = referTo(Channel.SMS, number, UUID.randomUUID().toString(), clock.instant());
        followUps.runDue(noonFrom(r.followUpAt()));
        Thread.sleep(1500); // the outbox sends on its own thread: give it time to (not) send
        String thread = mvc.perform(get("/simulator/api/sms").with(user("sam").roles("WORKER")).param("number", number))
                .andReturn().getResponse().getContentAsString();
        for (JsonNode line : json.readTree(thread)) {
            assertThat("outbox".equals(line.path("from").asString())
                    && line.path("text").asString().contains("did you go")).as(line.toString()).isFalse();
        }
    }

    @Test
    void aLinkWorkersReferralIsFollowedUpToo() {
        String address = "lw-ref-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, address, null);
        conversations.handle(new org.waymark.messaging.InboundMessage(Channel.WEBCHAT, address, null, "yes", "m1"));
        conversations.handle(new org.waymark.messaging.InboundMessage(Channel.WEBCHAT, address, null,
                "can I talk to a real person please", "m2"));
        org.waymark.handoff.Handoff h = handoffs.list(org.waymark.handoff.HandoffStatus.WAITING).stream()
                .filter(x -> address.equals(x.address())).findFirst().orElseThrow();
        handoffs.claim(h.id(), "lw");
        handoffs.close(h.id(), "lw", "referred_to_activity", null, false);
        List<Referral> made = referrals.ofPatient(Channel.WEBCHAT, address);
        assertThat(made).hasSize(1);
        followUps.runDue(noonFrom(made.get(0).followUpAt()));
        assertThat(followUpQuestions(Channel.WEBCHAT, address)).isEqualTo(1);
    }
}
