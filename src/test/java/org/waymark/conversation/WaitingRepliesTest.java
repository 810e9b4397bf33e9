package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.waymark.messaging.Channel;

class WaitingRepliesTest {
    private final Instant now = Instant.parse("2026-01-05T10:00:00Z");
    private final WaitingReplies replies = new WaitingReplies(Clock.fixed(now, ZoneOffset.UTC),
            new ConversationSettings(null, 0, Path.of("dialogs"), Duration.ofMinutes(5)));
    private final Session waiting = Session.start("s", Channel.WEBCHAT, "a", "riverside", "with_worker", now);

    @Test
    void pingsAreHeardInTheWaysPatientsWriteThem() {
        for (String ping : new String[] {"hello?", "Hello??", "hellooo", "is anyone there?", "Anyone there",
                "are you still there?", "still waiting", "any news?", "???", "hi, is anybody there?",
                "when will someone reply?"}) {
            assertThat(WaitingReplies.asksIfAnyoneIsThere(ping)).as(ping).isTrue();
        }
    }

    @Test
    void somethingForTheWorkerIsNotAPing() {
        for (String words : new String[] {"thank you, I'll wait", "my rent has gone up again and I am worried",
                "yes", "hello, I also wanted to say that my landlord has been round again today"}) {
            assertThat(WaitingReplies.asksIfAnyoneIsThere(words)).as(words).isFalse();
        }
    }

    @Test
    void atMostOnceEveryFewMinutes() {
        assertThat(replies.due(waiting, "hello?", () -> null)).isTrue();
        assertThat(replies.due(waiting.withWaitingReplyAt(now.minusSeconds(60)), "hello?", () -> null)).isFalse();
        assertThat(replies.due(waiting.withWaitingReplyAt(now.minus(Duration.ofMinutes(5))), "hello?", () -> null))
                .isTrue();
        assertThat(replies.due(waiting, "thank you, I'll wait", () -> null)).isFalse();
    }

    @Test
    void notWhileALinkWorkerIsWritingToThem() {
        assertThat(replies.due(waiting, "hello?", () -> now.minusSeconds(90))).isFalse();
        assertThat(replies.due(waiting, "hello?", () -> now.minus(Duration.ofMinutes(10)))).isTrue();
    }
}
