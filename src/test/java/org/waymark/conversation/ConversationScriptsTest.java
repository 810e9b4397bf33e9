package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.yaml.snakeyaml.Yaml;

import org.waymark.handoff.Handoff;
import org.waymark.handoff.Handoffs;
import org.waymark.messaging.ActivityCard;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;

/**
 * Runs every script under {@code src/test/resources/conversations/}: a patient's lines, and after each what a
 * person would notice (the state reached, the needs heard, what the bot said, the activities offered, a handoff).
 * A link worker can write a new one without touching Java.
 */
@SpringBootTest
@ActiveProfiles("test")
class ConversationScriptsTest {
    @Autowired
    Conversations conversations;
    @Autowired
    SessionStore sessions;
    @Autowired
    Handoffs handoffs;
    @Autowired
    org.waymark.directory.Directory directory;

    @TestFactory
    Stream<DynamicTest> conversationScripts() throws IOException {
        Path dir = Path.of("src/test/resources/conversations");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("conversation scripts").hasSizeGreaterThanOrEqualTo(12);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    @SuppressWarnings("unchecked")
    private void run(Path file) throws IOException {
        Map<String, Object> script;
        try (InputStream in = Files.newInputStream(file)) {
            script = new Yaml().load(in);
        }
        Channel channel = "sms".equals(script.get("channel")) ? Channel.SMS : Channel.WEBCHAT;
        String address;
        if (channel == Channel.WEBCHAT) {
            address = UUID.randomUUID().toString();
            conversations.start(channel, address, null);
        } else {
            // a fresh number each run (the shared test Redis outlives one script)
            address = "+447700" + String.format("%06d", java.util.concurrent.ThreadLocalRandom.current()
                    .nextInt(1_000_000));
        }
        int turn = 0;
        for (Map<String, Object> step : (List<Map<String, Object>>) script.get("steps")) {
            turn++;
            String said = String.valueOf(step.get("patient"));
            String where = file.getFileName() + " turn " + turn + " (\"" + said + "\")";
            if (step.containsKey("worker_closes")) {
                // a link worker claims the open case and closes it with this outcome, before the patient writes
                String open = sessions.find(channel, address).orElseThrow().handoffId();
                assertThat(handoffs.claim(open, "sam")).as(where + " the worker claims")
                        .isInstanceOf(Handoffs.ClaimResult.Claimed.class);
                handoffs.close(open, "sam", (String) step.get("worker_closes"), null, false);
                closedCase = open;
            }
            Turn t = conversations.handle(new InboundMessage(channel, address, null, said,
                    UUID.randomUUID().toString()));
            Session s = sessions.find(channel, address).orElseThrow();
            String replies = String.join("\n", t.replies().stream().map(OutboundMessage::text).toList());
            if (step.containsKey("state")) {
                assertThat(s.state()).as(where + " state; bot said: " + replies).isEqualTo(step.get("state"));
            }
            if (step.containsKey("needs")) {
                assertThat(s.needs()).as(where + " needs")
                        .containsExactlyInAnyOrderElementsOf((List<String>) step.get("needs"));
            }
            for (String text : (List<String>) step.getOrDefault("says", List.of())) {
                assertThat(replies.toLowerCase()).as(where + " says").contains(text.toLowerCase());
            }
            for (String text : (List<String>) step.getOrDefault("never_says", List.of())) {
                assertThat(replies.toLowerCase()).as(where + " never says").doesNotContain(text.toLowerCase());
            }
            if (Boolean.TRUE.equals(step.get("silent"))) {
                assertThat(t.replies()).as(where + " the bot stays silent").isEmpty();
            }
            if (step.containsKey("crisis")) {
                assertThat(t.crisis()).as(where + " crisis").isEqualTo(step.get("crisis"));
            }
            if (step.containsKey("max_sms_chars")) {
                for (OutboundMessage m : t.replies()) {
                    assertThat(m.text().length()).as(where + " SMS length of: " + m.text())
                            .isLessThanOrEqualTo((Integer) step.get("max_sms_chars"));
                }
            }
            if (step.containsKey("suggests")) {
                Map<String, Object> expect = (Map<String, Object>) step.get("suggests");
                List<ActivityCard> cards = new ArrayList<>();
                t.replies().forEach(m -> cards.addAll(m.activities()));
                List<String> offered = s.offered();
                assertThat(offered).as(where + " activities offered").isNotEmpty().hasSizeLessThanOrEqualTo(3);
                if (channel == Channel.WEBCHAT) {
                    assertThat(cards).as(where + " activity cards").hasSameSizeAs(offered);
                    if (expect.containsKey("need")) {
                        assertThat(cards).as(where + " every card serves " + expect.get("need"))
                                .allSatisfy(c -> assertThat(c.needs()).contains((String) expect.get("need")));
                    }
                }
                if (expect.containsKey("first_why")) {
                    // the first idea speaks the patient's language: its reason says so
                    assertThat(cards).as(where + " activity cards").isNotEmpty();
                    assertThat(cards.get(0).why()).as(where + " the first idea's reason")
                            .containsAnyOf(((List<String>) expect.get("first_why")).toArray(String[]::new));
                }
                if (expect.containsKey("not")) {
                    assertThat(offered).as(where + " a different list").doesNotContainAnyElementsOf(
                            (List<String>) remembered.getOrDefault(expect.get("not"), List.of()));
                }
                if (expect.containsKey("remember")) {
                    remembered.put((String) expect.get("remember"), offered);
                }
            }
            for (String name : (List<String>) step.getOrDefault("never_offers", List.of())) {
                assertThat(s.offeredNames()).as(where + " never offers").doesNotContain(name);
            }
            if (Boolean.TRUE.equals(step.get("step_free_only"))) {
                assertThat(s.offered()).as(where + " activities offered").isNotEmpty();
                for (String id : s.offered()) {
                    String access = directory.details(id).map(d -> String.valueOf(d.accessibility())).orElse("");
                    assertThat(access.toLowerCase()).as(where + " step-free: " + id)
                            .containsAnyOf("step-free", "step free", "wheelchair", "level access", "ramp");
                }
            }
            if (Boolean.TRUE.equals(step.get("free_or_says_it_costs"))) {
                List<ActivityCard> shown = new ArrayList<>();
                t.replies().forEach(m -> shown.addAll(m.activities()));
                assertThat(shown).as(where + " cards shown").isNotEmpty();
                if (!replies.toLowerCase().contains("cost a little")) {
                    assertThat(shown).as(where + " all free, or the bot says they cost a little")
                            .allSatisfy(c -> assertThat(c.cost()).isEqualTo("Free"));
                }
            }
            if (step.containsKey("handoff")) {
                Map<String, Object> expect = (Map<String, Object>) step.get("handoff");
                Optional<Handoff> h = handoffs.find(s.handoffId());
                assertThat(h).as(where + " a handoff is open").isPresent();
                assertThat(h.get().open()).isTrue();
                if (expect.containsKey("priority")) {
                    assertThat(h.get().priority().code()).as(where + " priority").isEqualTo(expect.get("priority"));
                }
                if (expect.containsKey("reason")) {
                    assertThat(h.get().reason()).as(where + " reason").isEqualTo(expect.get("reason"));
                }
                if (expect.containsKey("language")) {
                    assertThat(h.get().summary().language()).as(where + " language").isEqualTo(expect.get("language"));
                }
                if (expect.containsKey("risk")) {
                    assertThat(h.get().summary().risk()).as(where + " summary's risk").isEqualTo(expect.get("risk"));
                }
                if (Boolean.TRUE.equals(expect.get("earlier_case_linked"))) {
                    assertThat(h.get().earlierId()).as(where + " the earlier case is linked").isEqualTo(closedCase)
                            .isNotNull();
                    assertThat(h.get().id()).isNotEqualTo(closedCase);
                }
                if (expect.containsKey("contact")) {
                    Map<String, Object> c = (Map<String, Object>) expect.get("contact");
                    assertThat(h.get().contact()).as(where + " the contact the patient left").isNotNull();
                    if (c.containsKey("way")) {
                        assertThat(h.get().contact().way()).as(where + " contact way").isEqualTo(c.get("way"));
                    }
                    if (c.containsKey("phone")) {
                        Object phone = "own_number".equals(c.get("phone")) ? address : c.get("phone");
                        assertThat(h.get().contact().phone()).as(where + " contact phone").isEqualTo(phone);
                    }
                    if (c.containsKey("when")) {
                        assertThat(h.get().contact().when()).as(where + " contact when").isEqualTo(c.get("when"));
                    }
                }
            }
            if (step.containsKey("thread_ends_with")) {
                List<OutboundMessage> thread = handoffs.thread(s.handoffId());
                assertThat(thread).as(where + " the handoff's thread").isNotEmpty();
                assertThat(thread.get(thread.size() - 1).text().toLowerCase()).as(where + " last in the thread")
                        .endsWith(((String) step.get("thread_ends_with")).toLowerCase());
            }
            if (step.containsKey("turns_at_most")) {
                assertThat(turn).as(where + " turns").isLessThanOrEqualTo((Integer) step.get("turns_at_most"));
            }
        }
    }

    private final Map<String, Object> remembered = new java.util.HashMap<>();
    /** The case a worker closed in this script ({@code worker_closes}). */
    private String closedCase;
}
