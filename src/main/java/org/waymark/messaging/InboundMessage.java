package org.waymark.messaging;

/**
 * One message from a patient, after the channel adapter has verified, de-duplicated and normalised it.
 *
 * @param channel   where it came from
 * @param address   the patient's address on that channel: the web chat session id, or the phone number (E.164)
 * @param practice  the practice id the message is for
 * @param text      what the patient wrote
 * @param messageId the channel's id for the message (Twilio MessageSid), or a generated one
 */
public record InboundMessage(Channel channel, String address, String practice, String text, String messageId) {
}
