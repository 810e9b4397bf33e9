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

    /** A closed handoff reopened by a link worker, who now has it: the patient's messages go to them again. */
    public record Reopened(String handoffId, String sessionId, Channel channel, String address, String worker) {
    }

    /**
     * An emergency no one has claimed in time: the on-call number is to be told by text message. The text names no
     * patient.
     */
    public record OnCallAlert(String handoffId, String practice, String to, String text) {
    }

    public record Closed(String handoffId, String sessionId, Channel channel, String address, String outcome,
                         boolean handBack) {
    }
}
