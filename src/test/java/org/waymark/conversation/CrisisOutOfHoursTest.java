package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;
import org.waymark.practice.Practices;

/**
 * A crisis reply in the conversation: every message of it is marked urgent, and it says the practice is closed and
 * when it opens exactly when the practice is closed now (run at any hour, the test expects what that hour needs).
 */
@SpringBootTest
@ActiveProfiles("test")
class CrisisOutOfHoursTest {
    @Autowired
    Conversations conversations;
    @Autowired
    Practices practices;
    @Autowired
    Clock clock;

    @Test
    void theCrisisReplyIsUrgentAndSaysWhenThePracticeOpensIfItIsClosed() {
        String address = UUID.randomUUID().toString();
        conversations.start(Channel.WEBCHAT, address, null);
        boolean closed = CrisisCard.practiceClosed(practices.defaultPractice(), clock);
        Turn t = conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null,
                "I want to end my life tonight", UUID.randomUUID().toString()));
        assertThat(t.crisis()).isTrue();
        assertThat(t.replies()).isNotEmpty().allMatch(OutboundMessage::urgent);
        String all = String.join("\n", t.replies().stream().map(OutboundMessage::text).toList());
        assertThat(all).contains("999");
        if (closed) {
            assertThat(all).contains("The practice is closed now").contains("after it opens")
                    .contains("use the numbers above now");
        } else {
            assertThat(all).doesNotContain("The practice is closed now");
        }
        // the transcript keeps the mark, so a reload shows the same urgent card
        assertThat(conversations.transcript(Channel.WEBCHAT, address)).filteredOn(m -> "bot".equals(m.from())
                && m.text().contains("999")).allMatch(OutboundMessage::urgent);
    }

    @Test
    void aBengaliCrisisIsAnsweredWhollyInBengaliBeforeBengaliWasChosen() {
        String address = UUID.randomUUID().toString();
        conversations.start(Channel.WEBCHAT, address, null);
        Turn t = conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null,
                "আমি আজ রাতে নিজেকে শেষ করে দেব", UUID.randomUUID().toString()));
        assertThat(t.crisis()).isTrue();
        // every line of it, the out-of-hours line too, is in Bengali and marked so
        assertThat(t.replies()).isNotEmpty().allMatch(OutboundMessage::urgent)
                .allSatisfy(m -> assertThat(m.lang()).isEqualTo("bn"));
        String all = String.join("\n", t.replies().stream().map(OutboundMessage::text).toList());
        assertThat(all).contains("999").doesNotContain("The practice is closed now");
    }
}
