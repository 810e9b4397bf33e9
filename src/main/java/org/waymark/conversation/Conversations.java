package org.waymark.conversation;

import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;

/** The one entry point channels call: one patient message in, this turn's replies out. */
public interface Conversations {

    /**
     * Starts a conversation the channel opened itself (web chat): creates the session and returns the welcome.
     * {@code practice} may be null for the default practice.
     */
    Turn start(Channel channel, String address, String practice);

    /**
     * Handles one message: safety first, then the bot (or, during a handoff, the link worker's thread). Loads the
     * session by (channel, address), saves it and the transcript. A web chat message for a session that does not
     * exist throws {@link UnknownSessionException}; an SMS from a new number starts one.
     */
    Turn handle(InboundMessage message);

    /**
     * For a patient who has opted out (SMS STOP): only the safety check runs. A risky message still gets the crisis
     * reply and opens a handoff; anything else gets no reply and changes nothing.
     */
    Turn handleOptedOut(InboundMessage message);

    /** The whole conversation so far, patient messages included, oldest first. */
    java.util.List<org.waymark.messaging.OutboundMessage> transcript(Channel channel, String address);
}
