package org.waymark.conversation;

import org.waymark.messaging.InboundMessage;

/** The one entry point channels call: one patient message in, this turn's replies out. */
public interface Conversations {

    /**
     * Handles one message: safety first, then the bot (or, during a handoff, the link worker's thread). Loads the
     * session by (channel, address), saves it and the transcript.
     */
    Turn handle(InboundMessage message);

    /**
     * For a patient who has opted out (SMS STOP): only the safety check runs. A risky message still gets the crisis
     * reply and opens a handoff; anything else gets no reply and changes nothing.
     */
    Turn handleOptedOut(InboundMessage message);
}
