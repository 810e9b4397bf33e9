package org.waymark.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Never silence while a patient waits for a link worker: "hello?", "is anyone there?" or "still waiting" gets an
 * honest answer at once (the message is with the team, when the practice opens, 111 and 999), but at most once every
 * few minutes, and not while a link worker is writing to them, so the bot never talks over the worker.
 */
@Component
final class WaitingReplies {
    /** The message the dialog says (`worker_will_call`). */
    static final String MESSAGE = "worker_will_call";
    /** Longer than this, a message is something for the worker, not a "hello?". */
    private static final int MOST_WORDS = 8;
    private static final Pattern PING = Pattern.compile("^((hello+|hiy?a*|hey+)( there)? )?(hello+|hell?o+ again|hiy?a*|hey+|hi there|helo+|oi"
            + "|(is )?(any ?(one|body)|some ?(one|body)) (there|here|around|about|reading this|listening)"
            + "|(is )?(any ?(one|body)|some ?(one|body))|are you (still )?there|you there|are you (still )?reading"
            + "|(i am |im |i'm )?still waiting|(is )?(any|no) (news|reply|answer|update)( yet)?"
            + "|(has|did) (any ?one|some ?one|the link worker|anyone) (seen|read|got) (this|my message)"
            + "|when will (someone|anyone|they|you|a link worker) (reply|answer|get back to me|call)"
            + "|what('s| is) happening|why (is|has) no ?one (replied|answered)|please (reply|answer)"
            + "|\\?+)( (please|anyone|now|yet|then))*$");

    private final Clock clock;
    private final Duration every;

    WaitingReplies(Clock clock, ConversationSettings settings) {
        this.clock = clock;
        this.every = settings.waitingReplyEvery();
    }

    /**
     * Whether this message asks if anyone is there, and in the last few minutes neither the bot told them nor a
     * link worker wrote to them ({@code lastWorkerReply}, read only for such a message; null if none).
     */
    boolean due(Session s, String text, Supplier<Instant> lastWorkerReply) {
        if (!asksIfAnyoneIsThere(text) || recent(s.waitingReplyAt())) {
            return false;
        }
        return !recent(lastWorkerReply.get());
    }

    private boolean recent(Instant at) {
        return at != null && at.plus(every).isAfter(clock.instant());
    }

    static boolean asksIfAnyoneIsThere(String text) {
        String plain = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("[.!,]+", " ")
                .replaceAll("\\s*\\?+", "?").replaceAll("\\?(?=.)", " ").replaceAll("\\?$", "").strip()
                .replaceAll("\\s+", " ");
        if (plain.isEmpty()) {
            return text.contains("?");
        }
        return plain.split(" ").length <= MOST_WORDS && PING.matcher(plain).matches();
    }

    Instant now() {
        return clock.instant();
    }
}
