package org.waymark.messaging;

/**
 * A way to reach a patient with a message that did not come as the reply to their own message: a link worker's
 * reply, a follow-up, a crisis notice. Each channel adapter provides one.
 */
public interface PatientChannel {

    Channel channel();

    /** Queues or pushes the message; must not lose it if the far end is down (SMS uses an outbox). */
    void deliver(String address, String practice, OutboundMessage message);
}
