package org.waymark.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import org.waymark.nlu.NluByLanguage;
import org.waymark.safety.RiskByLanguage;
import org.waymark.taxonomy.Need;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gate: corrections change what is understood only through a retrain scored on the whole kept-apart sets; one
 * that lowers risk recall is refused; a risk change needs a second person, a clinical safety officer; rollback.
 */
@SpringBootTest
@ActiveProfiles("test")
class ModelGateTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    JsonMapper json;
    @Autowired
    NluByLanguage nlus;
    @Autowired
    RiskByLanguage risks;
    @Autowired
    ModelGate gate;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        redis.del(ReviewQueue.correctionsKey("riverside"));
        gate.rollBack(0);
    }

    /** The shipped models and no corrections again: the other test classes in this JVM share the Redis. */
    @AfterEach
    void leaveAsShipped() {
        redis.del(ReviewQueue.correctionsKey("riverside"));
        gate.rollBack(0);
    }

    String correction(String text, List<String> needs, String category, String level, boolean notRisk) {
        String id = UUID.randomUUID().toString();
        redis.hset(ReviewQueue.correctionsKey("riverside"), id, json.writeValueAsString(new Correction(id,
                "riverside", text, null, needs, null, category, level, notRisk, "lw", Instant.now())));
        return id;
    }

    /** A retrain through the API: 202 at once, then the gate's answer once the version is no longer training. */
    JsonNode retrain() throws Exception {
        JsonNode started = json.readTree(mvc.perform(post("/api/admin/models/retrain")
                        .with(user("boss").roles("ADMIN", "WORKER")))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString());
        assertThat(started.get("status").asString()).isEqualTo("training");
        int n = started.get("version").asInt();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(6);
        while (true) {
            JsonNode v = json.readTree(mvc.perform(get("/api/admin/models/" + n).with(user("boss").roles("ADMIN")))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
            if (!"training".equals(v.get("status").asString())) {
                return v;
            }
            assertThat(System.nanoTime()).as("the retrain ends").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @Test
    void aCorrectedMessageIsUnderstoodOnceTheGateLetsTheRetrainedVersionThrough() throws Exception {
        String misread = "my hands are always itching to make pots again";
        correction(misread, List.of("arts_creativity"), null, null, false);
        assertThat(nlus.forLanguage("en", "riverside").parse(misread).needs())
                .as("misread, and corrections wait for the gate")
                .isNotEqualTo(java.util.Set.of(Need.ARTS_CREATIVITY));

        JsonNode v = retrain();
        assertThat(v.get("accepted").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.get("figures").get("riskRecall").get("suicide_self_harm").asDouble())
                .isGreaterThanOrEqualTo(v.get("before").get("riskRecall").get("suicide_self_harm").asDouble());
        assertThat(v.get("before").get("needsF1").asDouble()).isGreaterThan(0.5);
        assertThat(gate.activeVersion()).isEqualTo(v.get("version").asInt());
        assertThat(nlus.forLanguage("en", "riverside").parse(misread).needs()).containsExactly(Need.ARTS_CREATIVITY);
        assertThat(nlus.forLanguage("en", "riverside").parse("My hands are always itching to make pots again!")
                .needs()).as("a near paraphrase too").containsExactly(Need.ARTS_CREATIVITY);
        assertThat(nlus.forLanguage("en", "elsewhere").parse(misread).needs())
                .as("another practice's messages are read without riverside's corrections")
                .isNotEqualTo(java.util.Set.of(Need.ARTS_CREATIVITY));
        assertThat(nlus.english().parse(misread).needs()).as("the shipped models themselves are unchanged")
                .isNotEqualTo(java.util.Set.of(Need.ARTS_CREATIVITY));
        assertThat(redis.get(ModelGate.headsKey(v.get("version").asInt()))).as("the heads are kept under the "
                + "version, for every node").isNotEmpty();
        String parsed = mvc.perform(post("/api/nlu/parse").with(user("lw").roles("WORKER"))
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .content("{\"text\": \"" + misread + "\"}"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(json.readTree(parsed).get("needs").toString()).as(parsed).isEqualTo("[\"arts_creativity\"]");

        JsonNode list = json.readTree(mvc.perform(get("/api/admin/models").with(user("boss").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(list.get("active").asInt()).isEqualTo(v.get("version").asInt());
        mvc.perform(get("/api/admin/models").with(user("lw").roles("WORKER"))).andExpect(status().isForbidden());
        mvc.perform(post("/api/admin/models/retrain").with(user("lw").roles("WORKER")))
                .andExpect(status().isForbidden());

        // one click back to the models as shipped
        mvc.perform(post("/api/admin/models/0/activate").with(user("boss").roles("ADMIN"))).andExpect(status().isOk());
        assertThat(nlus.forLanguage("en", "riverside").parse(misread).needs())
                .isNotEqualTo(java.util.Set.of(Need.ARTS_CREATIVITY));
        // and one click forward again, to the retired version: its heads are still there
        mvc.perform(post("/api/admin/models/" + v.get("version").asInt() + "/activate")
                .with(user("boss").roles("ADMIN"))).andExpect(status().isOk());
        assertThat(nlus.forLanguage("en", "riverside").parse(misread).needs()).containsExactly(Need.ARTS_CREATIVITY);
        gate.rollBack(0);
    }

    @Test
    void manyNotRiskCorrectionsOnRiskyLinesAreRefusedAndTheModelInUseStays() throws Exception {
        List<String> risky = Files.readAllLines(Path.of("nlp-models/risk/risky.tsv")).stream().skip(1)
                .filter(l -> l.startsWith("suicide")).map(l -> l.substring(l.indexOf('\t') + 1)).limit(300).toList();
        risky.forEach(t -> correction(t, null, null, null, true));
        JsonNode v = retrain();
        assertThat(v.get("accepted").asBoolean()).as(v.toString()).isFalse();
        assertThat(v.get("reason").asString()).startsWith("Refused: ")
                .contains("risk recall in suicide_self_harm falls from");
        assertThat(gate.activeVersion()).isZero();
        assertThat(risks.forLanguage("en", "riverside").assess(risky.get(0)).risky()).as("still read as risk")
                .isTrue();
    }

    @Test
    void aRiskChangeWaitsForASecondPersonWithTheClinicalSafetyOfficerRole() throws Exception {
        String missed = "been stockpiling my nan's old tablets in the shoe box under my bed";
        correction(missed, null, "suicide_self_harm", "urgent", false);
        correction("staring at the four walls from morning till night", List.of("loneliness"), null, null, false);
        JsonNode v = retrain();
        assertThat(v.get("accepted").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.get("reason").asString()).as("a copy of a kept-apart line never trains")
                .contains("1 correction(s) left out for copying a kept-apart line.");
        assertThat(v.get("status").asString()).isEqualTo("awaiting_approval");
        assertThat(gate.activeVersion()).as("not in use before approval").isZero();
        int n = v.get("version").asInt();
        mvc.perform(post("/api/models/" + n + "/approve").with(user("boss").roles("ADMIN", "WORKER")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/models/" + n + "/approve").with(user("boss").roles("CSO", "WORKER")))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/models/" + n + "/approve").with(user("dr-cso").roles("CSO", "WORKER")))
                .andExpect(status().isOk());
        assertThat(gate.activeVersion()).isEqualTo(n);
        assertThat(gate.version(n).orElseThrow().approvedBy()).isEqualTo("dr-cso");
        assertThat(risks.forLanguage("en", "riverside").assess(missed).risky()).isTrue();
        gate.rollBack(0);
    }

    @Test
    void aScheduledRetrainGoesThroughTheSameGateOnOneNodeOnly() {
        redis.del("wm:models:scheduled-retrain");
        correction("i would love to learn to paint watercolours of the canal", List.of("arts_creativity"), null, null,
                false);
        int before = gate.versions().size();
        gate.scheduledRetrain();
        gate.scheduledRetrain();
        assertThat(gate.versions()).hasSize(before + 1);
        assertThat(gate.versions().get(0).trainedBy()).isEqualTo("schedule");
        assertThat(gate.versions().get(0).accepted()).isTrue();
    }

    @Test
    void anErasureRetrainsTheVersionInUseWithoutThePatientsWordsAndAnEarlierVersionCannotComeBack() throws Exception {
        String misread = "my hands are always itching to make pots again";
        String id = correction(misread, List.of("arts_creativity"), null, null, false);
        int first = retrain().get("version").asInt();
        JsonNode v2 = retrain();
        int second = v2.get("version").asInt();
        assertThat(gate.activeVersion()).as(v2.toString()).isEqualTo(second);
        assertThat(nlus.forLanguage("en", "riverside").parse(misread).needs()).containsExactly(Need.ARTS_CREATIVITY);

        // the patient is forgotten: the review queue has deleted the correction (it had no worker's own words)
        redis.hdel(ReviewQueue.correctionsKey("riverside"), id);
        gate.onForgotten(new org.waymark.conversation.ConversationEvents.Forgotten("s", List.of(), null, null,
                "patient", Instant.now()));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (gate.version(second).orElseThrow().rebuilt() == 0) {
            assertThat(System.nanoTime()).as("the version in use is retrained").isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(gate.version(second).orElseThrow().corrections()).isEmpty();
        assertThat(nlus.forLanguage("en", "riverside").parse(misread).needs())
                .as("the words are no longer in the nets in use").isNotEqualTo(java.util.Set.of(Need.ARTS_CREATIVITY));
        assertThat(redis.exists(ModelGate.headsKey(first))).as("the earlier version's nets are deleted").isFalse();
        mvc.perform(post("/api/admin/models/" + first + "/activate").with(user("boss").roles("ADMIN")))
                .andExpect(status().isConflict());
        gate.rollBack(0);
    }
}
