package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.handoff.Handoff;
import org.waymark.handoff.HandoffStatus;
import org.waymark.handoff.Handoffs;
import org.waymark.handoff.Priority;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;

/**
 * Safety in the conversation, as a patient in crisis meets it: every risky line of the held-out set, typed in any
 * state (mid-handoff and after STOP included), gets the crisis reply first and an urgent or emergency handoff; the
 * bot then stops suggesting and stays gently; idioms pass without alarm. Pins the hazard log's controls H01-H05.
 */
@SpringBootTest
@ActiveProfiles("test")
class SafetyInConversationTest {
    /** Ways to be somewhere in a conversation before the risky line: each list is what the patient said first. */
    private static final List<List<String>> PLACES = List.of(
            List.of(),                                                    // consent
            List.of("yes"),                                               // ask_matters
            List.of("yes", "I feel lonely"),                              // confirm_needs
            List.of("yes", "I feel lonely", "yes"),                       // ask_postcode
            List.of("yes", "I feel lonely", "yes", "E1"),                 // ask_preferences
            List.of("yes", "I feel lonely", "yes", "E1", "skip"),         // suggest
            List.of("yes", "PERSON"),                                     // with a link worker, waiting
            List.of("yes", "PERSON", "#claim"),                           // with a link worker who has claimed it
            List.of("STOP", "yes"));                                      // after STOP (and yes to ending)

    @Autowired
    Conversations conversations;
    @Autowired
    SessionStore sessions;
    @Autowired
    Handoffs handoffs;

    private record Line(String level, String category, String text) {
    }

    private static List<Line> riskyLines() throws IOException {
        List<Line> out = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of("src/test/resources/safety/risky.tsv"))) {
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] p = l.split("\t", 3);
            out.add(new Line(p[0], p[1], p[2]));
        }
        return out;
    }

    private String chatAt(List<String> place) {
        String address = UUID.randomUUID().toString();
        conversations.start(Channel.WEBCHAT, address, null);
        for (String said : place) {
            if ("#claim".equals(said)) {
                Session s = sessions.find(Channel.WEBCHAT, address).orElseThrow();
                handoffs.claim(s.handoffId(), "sam");
            } else {
                say(address, said);
            }
        }
        return address;
    }

    private Turn say(String address, String text) {
        return conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, text,
                UUID.randomUUID().toString()));
    }

    @Test
    void everyRiskyLineInAnyStateGetsTheCrisisReplyFirstAndAnUrgentOrEmergencyHandoff() throws IOException {
        List<Line> lines = riskyLines();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(150);
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            List<String> place = PLACES.get(i % PLACES.size());
            String address = chatAt(place);

            Turn turn = say(address, line.text());

            Session s = sessions.find(Channel.WEBCHAT, address).orElseThrow();
            Handoff h = handoffs.find(s.handoffId()).orElse(null);
            Priority expected = "emergency".equals(line.level()) ? Priority.EMERGENCY : Priority.URGENT;
            boolean ok = turn.crisis() && !turn.replies().isEmpty()
                    && turn.replies().get(0).text().matches("(?s).*(999|111|116 123|0808 2000 247|85258).*")
                    && h != null && h.open() && h.priority().ordinal() <= expected.ordinal()
                    && h.priority() != Priority.ROUTINE;
            if (!ok) {
                missed.add(place + " -> " + line.text());
            }
        }
        assertThat(missed).as("risky lines without a crisis reply and handoff").isEmpty();
    }

    @Test
    void idiomsAndHardNegativesPassWithoutAlarm() throws IOException {
        List<String> negatives = Files.readAllLines(Path.of("src/test/resources/safety/negatives.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        int alarms = 0;
        for (String text : negatives) {
            String address = chatAt(List.of("yes"));
            if (say(address, text).crisis()) {
                alarms++;
            }
        }
        assertThat((double) alarms / negatives.size()).as(alarms + " false alarms").isLessThanOrEqualTo(0.05);
        for (String idiom : List.of("this debt is killing me", "I could murder a cup of tea",
                "dying to get out more", "my knees are killing me", "I want to end my gym membership")) {
            String address = chatAt(List.of("yes"));
            Turn t = say(address, idiom);
            assertThat(t.crisis()).as(idiom).isFalse();
            assertThat(sessions.find(Channel.WEBCHAT, address).orElseThrow().handoffId()).as(idiom).isNull();
        }
    }

    @Test
    void afterACrisisTheBotStopsSuggestingAndStaysGentlyUntilAPersonTakesOver() {
        String address = chatAt(PLACES.get(5)); // activities on the screen
        say(address, "I have taken all my pills");

        Turn choose = say(address, "1");
        Turn more = say(address, "MORE");

        for (Turn t : List.of(choose, more)) {
            assertThat(t.replies()).isNotEmpty();
            assertThat(t.replies()).allSatisfy(m -> assertThat(m.activities()).isEmpty());
            assertThat(t.replies().get(0).text()).containsAnyOf("safe", "still here", "999");
        }
        Session s = sessions.find(Channel.WEBCHAT, address).orElseThrow();
        assertThat(s.state()).isNotEqualTo("details");
        Handoff h = handoffs.find(s.handoffId()).orElseThrow();
        assertThat(h.priority()).isEqualTo(Priority.EMERGENCY);
        assertThat(h.summary().risk()).startsWith("emergency");

        handoffs.claim(h.id(), "sam");
        assertThat(say(address, "ok").replies()).as("silent once a person has it").isEmpty();
    }

    @Test
    void anAgeUnder19GivenEarlierAddsChildlineToALaterCrisisReply() {
        String young = chatAt(List.of("yes", "I'm 15 and I feel really lonely at school"));
        String adult = chatAt(List.of("yes", "I'm 45 and I feel really lonely at work"));

        List<String> toYoung = say(young, "I want to kill myself").replies().stream().map(m -> m.text()).toList();
        List<String> toAdult = say(adult, "I want to kill myself").replies().stream().map(m -> m.text()).toList();

        assertThat(String.join(" ", toYoung)).contains("Childline").contains("0800 1111");
        assertThat(String.join(" ", toAdult)).doesNotContain("Childline");
        assertThat(toYoung.get(0)).as("the crisis text itself still comes first").isEqualTo(toAdult.get(0));
    }

    @Test
    void theBotStaysQuietWhileALinkWorkerHasTheConversation() {
        String address = chatAt(List.of("yes", "PERSON"));
        Session s = sessions.find(Channel.WEBCHAT, address).orElseThrow();
        Handoff h = handoffs.find(s.handoffId()).orElseThrow();
        assertThat(h.status()).isEqualTo(HandoffStatus.WAITING);
        assertThat(h.reason()).isEqualTo("asked_for_person");
        assertThat(handoffs.thread(h.id())).extracting(OutboundMessage::text)
                .as("the worker sees what led to the handoff, and what the patient was told")
                .contains("PERSON").anySatisfy(text -> assertThat(text).contains("link worker"));

        Turn t = say(address, "is anyone there? I'd like help with my benefits");

        assertThat(t.replies()).isEmpty();
        assertThat(handoffs.thread(h.id())).extracting(OutboundMessage::text)
                .contains("is anyone there? I'd like help with my benefits");
        assertThat(conversations.transcript(Channel.WEBCHAT, address)).extracting(OutboundMessage::text)
                .contains("is anyone there? I'd like help with my benefits");

        handoffs.close(h.id(), "sam", "signposted_elsewhere", null, true);
        Turn after = say(address, "hello again");
        assertThat(after.replies()).as("the bot speaks again once the worker hands back").isNotEmpty();
    }

    @Test
    void personHandsOffFromEveryPlaceInTheConversation() {
        for (List<String> place : PLACES.subList(0, 6)) {
            String address = chatAt(place);
            Turn t = say(address, "PERSON");
            Session s = sessions.find(Channel.WEBCHAT, address).orElseThrow();
            assertThat(s.state()).as(place.toString()).isEqualTo("with_worker");
            assertThat(handoffs.find(s.handoffId())).as(place.toString()).isPresent();
            assertThat(t.replies()).extracting(OutboundMessage::text)
                    .anySatisfy(text -> assertThat(text).contains("link worker"));
        }
    }
}
