package org.waymark.conversation;

import java.util.List;

import org.waymark.messaging.OutboundMessage;

/**
 * The outcome of one patient message.
 *
 * @param sessionId the conversation session
 * @param replies   what the bot says back now, in order (empty while a link worker has the conversation)
 * @param crisis    true when the message raised a risk and the replies are the crisis text
 */
public record Turn(String sessionId, List<OutboundMessage> replies, boolean crisis) {
    public Turn {
        replies = List.copyOf(replies);
    }
}
