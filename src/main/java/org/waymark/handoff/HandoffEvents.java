package org.waymark.handoff;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;

/** What the handoff module tells the rest of the app, as Spring application events. */
public final class HandoffEvents {
    private HandoffEvents() {
    }

    /** A link worker wrote to the patient: the conversation records it and sends it on the patient's channel. */
    public record WorkerReplied(String handoffId, String sessionId, Channel channel, String address,
                                String practice, OutboundMessage message) {
    }

    public record Opened(String handoffId, String practice, Priority priority, String reason) {
    }

    public record Claimed(String handoffId, String worker) {
    }

    public record Closed(String handoffId, String sessionId, Channel channel, String address, String outcome,
                         boolean handBack) {
    }
}
