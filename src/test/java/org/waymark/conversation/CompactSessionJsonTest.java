package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.waymark.directory.AboutPatient;
import org.waymark.handoff.PatientContact;
import org.waymark.messaging.Channel;
import org.waymark.store.CompactJson;

import tools.jackson.databind.json.JsonMapper;

/** Sessions are kept in Redis with their defaults left out, and read back exactly as they were. */
class CompactSessionJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonMapper COMPACT = CompactJson.of(JSON);
    private static final Instant NOW = Instant.parse("2026-12-07T08:27:20.218354757Z");

    @Test
    void aSessionOneTurnInIsASmallValueAndReadsBackTheSame() {
        Session s = Session.start("J2M64x5OYn9vwO9abh3bUQ", Channel.WEBCHAT, "RLJ95p6puNzhHD-Jpc9kLigT", "riverside",
                "ask_matters", NOW).withTrigger("affirm").withRecent("yes");
        String compact = COMPACT.writeValueAsString(s);
        assertThat(compact.length()).isLessThan(JSON.writeValueAsString(s).length() / 2).isLessThan(360);
        assertThat(compact).doesNotContain("null", "[]", "false", "\"weak\"");
        assertThat(COMPACT.readValue(compact, Session.class)).isEqualTo(s);
    }

    @Test
    void everyFieldSetReadsBackTheSameAndEmptyTextsAndZeroAgesStay() {
        Session s = Session.start("s1", Channel.SMS, "+447700900123", "riverside", "suggest", NOW)
                .withNeeds(List.of("money", "mood"), "")
                .withPostcode("E1 6AN")
                .withPreferences("", true, List.of("step_free"))
                .withOffered(List.of("a", "b"), List.of("A", "B"), List.of("a", "b", "c"))
                .withChosen("a").withWeak(2).withCrisisTurns(1).withMode(Session.Mode.HUMAN, "h1")
                .withAftercare(new Session.Aftercare("r1", "Walk", "followup", List.of(3, 0, 7), true, true))
                .withStopAsked(true).withSafetyCheck("suicide_self_harm").withPastRisk("suicide_self_harm")
                .withSpeech(new Session.Speech("bn", "bn", true, "ami", true))
                .withContact(new PatientContact("call", "", "mornings"))
                .withAbout(new AboutPatient(0, "", true, false))
                .touched(NOW.plusSeconds(60));
        String compact = COMPACT.writeValueAsString(s);
        Session read = COMPACT.readValue(compact, Session.class);
        assertThat(read).isEqualTo(s);
        assertThat(read.about().age()).isZero();
        assertThat(read.contact().phone()).isEmpty();
    }

    /** Sessions in Redis from before this change, every field written, still read. */
    @Test
    void aSessionWrittenInFullBeforeReadsTheSame() {
        Session s = Session.start("s2", Channel.WEBCHAT, "addr", "riverside", "welcome", NOW).withWeak(1);
        assertThat(COMPACT.readValue(JSON.writeValueAsString(s), Session.class)).isEqualTo(s);
    }
}
