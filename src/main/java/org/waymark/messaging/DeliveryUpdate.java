package org.waymark.messaging;

/**
 * A channel's news of a message it was given to deliver (a Spring application event): where it is now.
 *
 * @param messageId the {@link OutboundMessage#id()} it was given
 * @param state     queued, sending, sent, delivered, undelivered, failed, or opted_out (held: the patient texted
 *                  STOP)
 * @param detail    why it failed, or null
 */
public record DeliveryUpdate(String messageId, String state, String detail) {
}
