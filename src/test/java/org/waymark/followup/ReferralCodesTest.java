package org.waymark.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.conversation.Conversations;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.HandoffEvents;
import org.waymark.handoff.HandoffStatus;
import org.waymark.handoff.Handoffs;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;

/**
 * Which SNOMED CT concept each referral record carries, and that each event is written once (docs/referral-records.md):
 * the bot's self-referral is uncoded and a re-pick changes it, a link worker taking the case on is 871731000000106,
 * a decline is 871711000000103.
 */
@SpringBootTest
@ActiveProfiles("test")
class ReferralCodesTest {
    @Autowired
    Conversations conversations;
    @Autowired
    Handoffs handoffs;
    @Autowired
    Referrals referrals;
    @Autowired
    ApplicationEventPublisher events;

    void say(String address, String text) {
        conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, text, UUID.randomUUID().toString()));
    }

    List<Referral> records(String address) {
        return referrals.ofPatient(Channel.WEBCHAT, address);
    }

    static String code(Referral r) {
        Object code = ((java.util.Map<?, ?>) ReferralRecords.json(r, "p").get("referral")).get("code");
        return code == null ? null : code.toString();
    }

    @Test
    void aRePickChangesTheSelfReferralAndWritesNoSecondRecord() {
        String a = "repick-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, a, null);
        say(a, "since my wife died I hardly see anyone and I'd like to meet people");
        say(a, "yes");
        say(a, "E1 6AN");
        say(a, "skip");
        say(a, "1");
        Referral first = records(a).get(0);
        say(a, "2");

        List<Referral> after = records(a);
        assertThat(after).hasSize(1);
        Referral only = after.get(0);
        assertThat(only.id()).isEqualTo(first.id());
        assertThat(only.activityId()).as("the record follows the new choice").isNotEqualTo(first.activityId());
        assertThat(only.kind()).isEqualTo(Referral.SELF_REFERRAL);
        assertThat(code(only)).as("the bot's self-referral is not a link worker's acceptance").isNull();
        assertThat(only.status()).isEqualTo("scheduled");
        String csv = ReferralRecords.csv(after, r -> "p");
        assertThat(csv).doesNotContain("871731000000106").contains("self_referral");
    }

    @Test
    void sayingNoAtTheStartWritesOneDeclineCoded871711000000103() {
        String a = "decline-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, a, null);
        say(a, "no");
        say(a, "no thanks");

        List<Referral> records = records(a);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).kind()).isEqualTo(Referral.DECLINED);
        assertThat(code(records.get(0))).isEqualTo("871711000000103");
        assertThat(ReferralRecords.csv(records, r -> "p")).contains("871711000000103", "Social prescribing declined");
    }

    @Test
    void aLinkWorkerTakingTheCaseOnWrites871731000000106Once() {
        String a = "accept-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, a, null);
        say(a, "yes");
        say(a, "can I talk to a real person please");
        Handoff h = handoffs.list(HandoffStatus.WAITING).stream().filter(x -> a.equals(x.address())).findFirst()
                .orElseThrow();
        handoffs.claim(h.id(), "lw-one");
        handoffs.claim(h.id(), "lw-two");
        // the handoff module tells of a claim again (a transfer, a reopened case): still one record
        events.publishEvent(new HandoffEvents.Claimed(h.id(), "lw-two"));
        handoffs.close(h.id(), "lw-one", "referred_to_activity", null, false);

        List<Referral> records = records(a);
        assertThat(records).hasSize(1);
        Referral r = records.get(0);
        assertThat(r.kind()).isEqualTo(Referral.ACCEPTED);
        assertThat(r.handoffId()).isEqualTo(h.id());
        assertThat(code(r)).isEqualTo("871731000000106");
        assertThat(r.status()).as("closed as referred: followed up").isEqualTo("scheduled");
    }

    @Test
    void aWorkersDeclinedOutcomeWritesTheDeclineCode() {
        String a = "worker-decline-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, a, null);
        say(a, "yes");
        say(a, "can I talk to a real person please");
        Handoff h = handoffs.list(HandoffStatus.WAITING).stream().filter(x -> a.equals(x.address())).findFirst()
                .orElseThrow();
        handoffs.claim(h.id(), "lw-one");
        handoffs.close(h.id(), "lw-one", "declined", null, false);

        assertThat(records(a)).extracting(ReferralCodesTest::code)
                .containsExactlyInAnyOrder("871731000000106", "871711000000103");
    }
}
