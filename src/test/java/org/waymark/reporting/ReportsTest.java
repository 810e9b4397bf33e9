package org.waymark.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
import org.waymark.followup.FollowUps;
import org.waymark.followup.Referral;
import org.waymark.followup.Referrals;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.Handoffs;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.store.PseudonymsTest;

import redis.clients.jedis.UnifiedJedis;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Figures match a scripted set of conversations. Other tests share the Redis, so the test reads the report before
 * and after its own conversations and checks the difference.
 */
@SpringBootTest
@ActiveProfiles("test")
class ReportsTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    Conversations conversations;
    @Autowired
    Handoffs handoffs;
    @Autowired
    Referrals referrals;
    @Autowired
    FollowUps followUps;
    @Autowired
    JsonMapper json;
    @Autowired
    Clock clock;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    UnifiedJedis redis;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    void say(String address, String text) {
        conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, text, UUID.randomUUID().toString()));
    }

    JsonNode summary() throws Exception {
        LocalDate today = LocalDate.now(clock.withZone(ReportCounters.LONDON));
        String body = mvc.perform(get("/api/reports/summary").param("from", today.minusDays(1).toString())
                        .param("to", today.plusDays(1).toString()).with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return json.readTree(body);
    }

    static long at(JsonNode n, String path) {
        JsonNode node = n;
        for (String p : path.split("/")) {
            node = node.path(p);
        }
        return node.asLong(0);
    }

    static double mean(JsonNode report, int item, String field) {
        return report.path("wellbeing").path("items").get(item).path(field).asDouble(0);
    }

    @Test
    void figuresMatchAScriptedSetOfConversations() throws Exception {
        JsonNode before = summary();

        // A: meets people, chooses an activity, answers ONS4 before, is followed up and answers ONS4 after
        String a = "report-a-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, a, null);
        say(a, "since my wife died I hardly see anyone and I'd like to meet people");
        say(a, "yes");
        say(a, "E1 6AN");
        say(a, "skip");
        say(a, "1");
        say(a, "no thanks");
        say(a, "yes");
        for (String s : List.of("2", "3", "2", "9")) {
            say(a, s);
        }
        Referral r = referrals.ofPatient(Channel.WEBCHAT, a).get(0);
        ZonedDateTime noon = r.followUpAt().atZone(ReportCounters.LONDON).with(LocalTime.NOON).plusDays(1);
        followUps.runDue(noon.toInstant());
        say(a, "yes I went");
        for (String s : List.of("8", "9", "7", "3")) {
            say(a, s);
        }
        assertThat(referrals.find(r.id()).orElseThrow().paired()).isTrue();

        // B: asks for a person; a link worker claims it
        String b = "report-b-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, b, null);
        say(b, "yes");
        say(b, "can I talk to a real person please");
        Handoff h = handoffs.list(org.waymark.handoff.HandoffStatus.WAITING).stream()
                .filter(x -> b.equals(x.address())).findFirst().orElseThrow();
        handoffs.claim(h.id(), "lw-report");

        // C: starts and goes no further
        conversations.start(Channel.WEBCHAT, "report-c-" + UUID.randomUUID(), null);

        JsonNode after = summary();
        assertThat(at(after, "started") - at(before, "started")).isEqualTo(3);
        assertThat(at(after, "completed") - at(before, "completed")).isEqualTo(2);
        assertThat(at(after, "needs/loneliness") - at(before, "needs/loneliness")).isEqualTo(1);
        assertThat(at(after, "suggestionLists") - at(before, "suggestionLists")).isEqualTo(1);
        assertThat(at(after, "suggestionsShown") - at(before, "suggestionsShown")).isBetween(1L, 3L);
        assertThat(at(after, "chosen") - at(before, "chosen")).isEqualTo(1);
        // A's self-referral and B's referral accepted by the link worker who claimed it, counted apart
        assertThat(at(after, "referrals/self_referral") - at(before, "referrals/self_referral")).isEqualTo(1);
        assertThat(at(after, "referrals/accepted") - at(before, "referrals/accepted")).isEqualTo(1);
        assertThat(at(after, "referrals/declined") - at(before, "referrals/declined")).isZero();
        assertThat(at(after, "handoffsByReason/" + h.reason()) - at(before, "handoffsByReason/" + h.reason()))
                .isEqualTo(1);
        assertThat(at(after, "handoffsByPriority/routine") - at(before, "handoffsByPriority/routine")).isEqualTo(1);
        assertThat(at(after, "claims") - at(before, "claims")).isEqualTo(1);
        assertThat(after.path("claimMedianMinutes").isNumber()).isTrue();
        assertThat(after.path("claimP90Minutes").asDouble()).isGreaterThanOrEqualTo(
                after.path("claimMedianMinutes").asDouble());
        assertThat(at(after, "followUps/went") - at(before, "followUps/went")).isEqualTo(1);

        // ONS4 before and after: one more pair, and the means move by this patient's answers
        long pairsBefore = at(before, "wellbeing/pairs");
        long pairs = at(after, "wellbeing/pairs");
        assertThat(pairs - pairsBefore).isEqualTo(1);
        int[] baseline = {2, 3, 2, 9};
        int[] later = {8, 9, 7, 3};
        for (int i = 0; i < 4; i++) {
            double sumBefore = mean(after, i, "before") * pairs - mean(before, i, "before") * pairsBefore;
            double sumAfter = mean(after, i, "after") * pairs - mean(before, i, "after") * pairsBefore;
            assertThat(sumBefore).as("before, item " + i).isCloseTo(baseline[i], org.assertj.core.data.Offset
                    .offset(0.1 * pairs));
            assertThat(sumAfter).as("after, item " + i).isCloseTo(later[i], org.assertj.core.data.Offset
                    .offset(0.1 * pairs));
        }

        String page = mvc.perform(get("/workers/reports").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<svg", "<rect", "Wellbeing (ONS4)", "life satisfaction", "Download CSV")
                .doesNotContain("style=");
    }

    @Test
    void theCsvOpensInASpreadsheet() throws Exception {
        byte[] bytes = mvc.perform(get("/workers/reports.csv").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsByteArray();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFsection,measure,value\r\n");
        List<List<String>> rows = parse(text.substring(1));
        assertThat(rows).allMatch(r -> r.size() == 3);
        assertThat(rows).anyMatch(r -> r.get(0).equals("conversations") && r.get(1).equals("started"));
        assertThat(rows).anyMatch(r -> r.get(0).equals("wellbeing (ONS4)"));

        mvc.perform(get("/api/reports/summary.csv").with(user("lw").roles("WORKER"))).andExpect(status().isOk());
        mvc.perform(get("/api/reports/summary").param("from", "yesterday").with(user("lw").roles("WORKER")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/reports/summary")).andExpect(status().isUnauthorized());
    }

    @Test
    void referralRecordsExportAsJsonAndCsvThatParsesBack() throws Exception {
        String a = "export-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, a, null);
        say(a, "since my wife died I hardly see anyone and I'd like to meet people");
        say(a, "yes");
        say(a, "E1 6AN");
        say(a, "skip");
        say(a, "1");
        Referral r = referrals.ofPatient(Channel.WEBCHAT, a).get(0);

        String body = mvc.perform(get("/api/referrals").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode mine = null;
        for (JsonNode n : json.readTree(body)) {
            if (r.id().equals(n.path("id").asString())) {
                mine = n;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("event").asString()).isEqualTo("self_referral");
        assertThat(mine.path("referral").path("code").isNull())
                .as("a self-referral with the bot is not 871731000000106 (a link worker's acceptance)").isTrue();
        assertThat(mine.path("needsAndConcerns").get(0).path("code").asString()).isEqualTo("loneliness");
        assertThat(mine.path("supportOffered").path("activityId").asString()).isEqualTo(r.activityId());

        String csv = new String(mvc.perform(get("/api/referrals").param("format", "csv")
                        .with(user("lw").roles("WORKER"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        List<List<String>> rows = parse(csv.substring(1));
        int columns = rows.get(0).size();
        assertThat(rows).allMatch(row -> row.size() == columns);
        assertThat(rows).anyMatch(row -> row.get(0).equals(r.id()) && row.contains("loneliness"));
        mvc.perform(get("/api/referrals").param("format", "xml").with(user("lw").roles("WORKER")))
                .andExpect(status().isBadRequest());
    }

    Referral refer(String number) {
        String session = UUID.randomUUID().toString();
        events.publishEvent(new ConversationEvents.ActivityChosen(session, "riverside", Channel.SMS, number,
                "walk-" + UUID.randomUUID(), List.of("loneliness"), clock.instant()));
        return referrals.ofPatient(Channel.SMS, number).stream().filter(r -> session.equals(r.sessionId()))
                .findFirst().orElseThrow();
    }

    /** The pseudonym of each of {@code ids} in one JSON export, in that order. */
    List<String> pseudonymsInJsonExport(List<String> ids) throws Exception {
        String body = mvc.perform(get("/api/referrals").with(user("lw").roles("WORKER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            for (JsonNode n : json.readTree(body)) {
                if (id.equals(n.path("id").asString())) {
                    out.add(n.path("person").path("pseudonym").asString());
                }
            }
        }
        return out;
    }

    @Test
    void theExportsNameAPatientByOneKeyedReferenceThatIsNotThePlainHash() throws Exception {
        String number = "+447700" + String.format("%06d", (int) (Math.random() * 1_000_000));
        String plain = PseudonymsTest.plainSha256("sms:" + number);
        List<String> ids = List.of(refer(number).id(), refer(number).id());

        List<String> first = pseudonymsInJsonExport(ids);
        String reference = first.get(0);

        assertThat(first).as("both referrals of one patient").hasSize(2).containsOnly(reference);
        assertThat(reference).matches("[0-9a-f]{32}").isNotEqualTo(plain).doesNotContain(number.substring(1));
        assertThat(pseudonymsInJsonExport(ids)).as("the next export names them alike").containsOnly(reference);

        String csv = new String(mvc.perform(get("/api/referrals").param("format", "csv")
                        .with(user("lw").roles("WORKER"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        List<List<String>> rows = parse(csv.substring(1));
        int column = rows.get(0).indexOf("patient_pseudonym");
        assertThat(rows).filteredOn(row -> ids.contains(row.get(0))).extracting(row -> row.get(column))
                .hasSize(2).containsOnly(reference);
        assertThat(csv).doesNotContain(plain);

        String access = mvc.perform(post("/workers/admin/patients/export").with(csrf())
                        .with(user("admin").roles("ADMIN", "WORKER")).param("channel", "sms").param("address", number))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode exported = json.readTree(access).path("referrals");
        assertThat(exported.size()).isEqualTo(2);
        exported.forEach(r -> assertThat(r.path("person").path("pseudonym").asString()).isEqualTo(reference));

        assertThat(redis.exists("wm:followup:patient:" + plain)).as("no Redis key is the plain hash").isFalse();
        assertThat(redis.smembers("wm:followup:patient:" + reference)).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void anAdministratorFindsAnSmsPatientWhicheverWayTheNumberIsTyped() throws Exception {
        // 900200 to 900299: this test's own part of the drama range (ContactOnHandoffTest's erasure scan has another)
        String tail = String.valueOf(200 + (int) (Math.random() * 100));
        String id = refer("+447700900" + tail).id();
        for (String typed : List.of("07700 900" + tail, "447700900" + tail, "+44 7700 900" + tail)) {
            String body = mvc.perform(post("/workers/admin/patients/export").with(csrf())
                            .with(user("admin").roles("ADMIN", "WORKER")).param("channel", "sms")
                            .param("address", typed))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(json.readTree(body).path("referrals").findValuesAsString("id")).as(typed).contains(id);
        }
        mvc.perform(post("/workers/admin/patients/export").with(csrf()).with(user("admin").roles("ADMIN", "WORKER"))
                .param("channel", "sms").param("address", "0770 12")).andExpect(status().isBadRequest());
    }

    @Test
    void recordsIndexedUnderThePlainHashBeforeTheUpgradeAreStillFoundAndErased() throws Exception {
        String number = "+447700" + String.format("%06d", (int) (Math.random() * 1_000_000));
        Referral old = new Referral(UUID.randomUUID().toString(), "riverside", Channel.SMS, number, null, "walk",
                "Walk", List.of("loneliness"), clock.instant().minus(Duration.ofDays(30)), "answered", null, "went",
                null, List.of(), List.of(), null, null);
        String legacyIndex = "wm:followup:patient:" + PseudonymsTest.plainSha256("sms:" + number);
        redis.setex("wm:followup:referral:" + old.id(), 86_400, json.writeValueAsString(old));
        redis.sadd(legacyIndex, old.id());
        Referral now = refer(number);

        assertThat(referrals.ofPatient(Channel.SMS, number)).extracting(Referral::id)
                .containsExactly(old.id(), now.id());

        assertThat(referrals.erase(Channel.SMS, number, null, "test")).isEqualTo(2);
        assertThat(redis.exists(legacyIndex)).isFalse();
        assertThat(referrals.find(old.id())).isEmpty();
        assertThat(referrals.ofPatient(Channel.SMS, number)).isEmpty();
    }

    /** RFC 4180 read back: quoted cells may hold commas, quotes and line breaks; rows end in CRLF. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("a bare line feed outside quotes").isNotEqualTo('\n');
                cell.append(c);
            }
        }
        assertThat(cell.length()).as("the file ends with CRLF").isZero();
        return rows;
    }
}
