package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.waymark.handoff.PatientContact;
import org.waymark.messaging.Channel;

import tools.jackson.databind.json.JsonMapper;

class ContactCaptureTest {
    private final Session web = Session.start("s1", Channel.WEBCHAT, "nuNF7h", "riverside", "contact_how",
            Instant.parse("2026-01-05T10:00:00Z"));
    private final Session sms = Session.start("s2", Channel.SMS, "+447911123456", "riverside", "contact_how",
            Instant.parse("2026-01-05T10:00:00Z"));

    @Test
    void aNumberWrittenNationallyOrInternationallyIsTheSameNumber() {
        assertThat(ContactCapture.phone("07700 900123")).contains("+447700900123");
        assertThat(ContactCapture.phone("+44 7700 900123")).contains("+447700900123");
        assertThat(ContactCapture.phone("my number is 07911123456 thanks")).contains("+447911123456");
    }

    @Test
    void shortForeignOrUnassignedNumbersAreRefused() {
        assertThat(ContactCapture.phone("0770 12")).isEmpty();
        assertThat(ContactCapture.phone("+1 202 555 0143")).isEmpty();
        assertThat(ContactCapture.phone("020 7946")).isEmpty();
        assertThat(ContactCapture.holds("bad_phone", "0770 12", web)).isTrue();
        assertThat(ContactCapture.holds("bad_phone", "weekday mornings", web)).isFalse();
    }

    @Test
    void aCallAsksForANumberOnTheWebButUsesTheirOwnBySms() {
        assertThat(ContactCapture.holds("contact_by_phone", "a phone call please", web)).isTrue();
        assertThat(ContactCapture.holds("contact_by_phone", "call me on 07700 900123", web)).isFalse();
        assertThat(ContactCapture.holds("contact_by_phone", "call", sms)).isFalse();
        PatientContact c = ContactCapture.capture("contact_way", "call", sms);
        assertThat(c.way()).isEqualTo(PatientContact.CALL);
        assertThat(c.phone()).isEqualTo("+447911123456");
        assertThat(ContactCapture.capture("contact_way", "reply here", web).way()).isEqualTo(PatientContact.CHAT);
    }

    @Test
    void theWholeContactSurvivesTheSessionsJson() {
        JsonMapper json = JsonMapper.builder().build();
        Session s = web.withContact(ContactCapture.capture("contact_way", "a phone call please", web));
        s = s.withContact(ContactCapture.capture("phone", "+44 7700 900123", s));
        s = s.withContact(ContactCapture.capture("contact_when", "weekday mornings", s));
        Session back = json.readValue(json.writeValueAsString(s), Session.class);
        assertThat(back.contact()).isEqualTo(new PatientContact("call", "+447700900123", "weekday mornings"));
        assertThat(ContactCapture.plan(back.contact(), false, new org.waymark.locale.Locales("dialogs").get("en"))).isEqualTo("call you on 07700 900123, weekday mornings");
    }
}
