package org.waymark.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import org.waymark.conversation.ConversationEvents;
import org.waymark.messaging.Channel;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The patient reference in the referral exports (JSON, CSV, subject access) and in Redis's index is a keyed HMAC:
 * the same for one patient every time, and not the plain SHA-256 of "channel:address" anyone can recompute.
 */
@SpringBootTest
@ActiveProfiles("test")
class PatientPseudonymTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    Referrals referrals;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    JsonMapper json;
    @Autowired
    Clock clock;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    static String plainSha256(String text) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 16);
    }

    Referral refer(String number) {
        String session = UUID.randomUUID().toString();
        events.publishEvent(new ConversationEvents.ActivityChosen(session, "riverside", Channel.SMS, number,
                "walk-" + UUID.randomUUID(), List.of("loneliness"), clock.instant()));
        return referrals.latestForSession(session).orElseThrow();
    }

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
        String number = FollowUpTest.newNumber();
        String plain = plainSha256("sms:" + number);
        List<String> ids = List.of(refer(number).id(), refer(number).id());

        List<String> first = pseudonymsInJsonExport(ids);
        String reference = first.get(0);

        assertThat(first).as("both referrals of one patient").hasSize(2).containsOnly(reference);
        assertThat(reference).matches("[0-9a-f]{32}").isNotEqualTo(plain).doesNotContain(number.substring(1));
        assertThat(pseudonymsInJsonExport(ids)).as("the next export names them alike").containsOnly(reference);

        String csv = new String(mvc.perform(get("/api/referrals").param("format", "csv")
                        .with(user("lw").roles("WORKER"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        int column = ReferralRecords.CSV_HEADER.indexOf("patient_pseudonym");
        List<String> csvRefs = csv.lines().filter(l -> l.startsWith(ids.get(0)) || l.startsWith(ids.get(1)))
                .map(l -> l.split(",")[column]).toList();
        assertThat(csvRefs).hasSize(2).containsOnly(reference);
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
    void recordsIndexedUnderThePlainHashBeforeTheUpgradeAreStillFoundAndErased() throws Exception {
        String number = FollowUpTest.newNumber();
        Referral old = new Referral(UUID.randomUUID().toString(), "riverside", Channel.SMS, number, null, "walk",
                "Walk", List.of("loneliness"), clock.instant().minus(Duration.ofDays(30)), "answered", null, "went",
                null, List.of(), List.of());
        String legacyIndex = "wm:followup:patient:" + plainSha256("sms:" + number);
        redis.setex(Referrals.key(old.id()), 86_400, json.writeValueAsString(old));
        redis.sadd(legacyIndex, old.id());
        Referral now = refer(number);

        assertThat(referrals.ofPatient(Channel.SMS, number)).extracting(Referral::id)
                .containsExactly(old.id(), now.id());

        assertThat(referrals.erase(Channel.SMS, number, null, "test")).isEqualTo(2);
        assertThat(redis.exists(legacyIndex)).isFalse();
        assertThat(referrals.find(old.id())).isEmpty();
        assertThat(referrals.ofPatient(Channel.SMS, number)).isEmpty();
    }
}
