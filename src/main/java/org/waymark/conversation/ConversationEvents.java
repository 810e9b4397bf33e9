package org.waymark.conversation;

import java.time.Instant;
import java.util.List;

import org.waymark.messaging.Channel;

/**
 * What happens in conversations, as Spring application events, for modules that keep figures or act later
 * (reporting, follow-ups). Published after the turn's session is saved. No message text, no phone numbers.
 */
public final class ConversationEvents {
    private ConversationEvents() {
    }

    public record Started(String sessionId, String practice, Channel channel, Instant at) {
    }

    /** The patient confirmed what matters to them ("yes" to the playback). */
    public record NeedsConfirmed(String sessionId, String practice, List<String> needs, Instant at) {
    }

    public record SuggestionsShown(String sessionId, String practice, List<String> activityIds, Instant at) {
    }

    /** The patient chose an activity: a referral to it. */
    public record ActivityChosen(String sessionId, String practice, Channel channel, String address,
                                 String activityId, List<String> needs, Instant at) {
    }

    /** The conversation reached its end with the bot (closing, or handed to a link worker). */
    public record Completed(String sessionId, String practice, String endState, Instant at) {
    }

    public record RiskRaised(String sessionId, String practice, String level, String category, Instant at) {
    }

    /** The patient asked us to stop, in words the dialog understood ("please stop texting me"). */
    public record Stopped(Channel channel, String address, Instant at) {
    }
}
