package org.waymark.channel.sms;

import java.time.Instant;

/**
 * One outbound SMS as link workers may see it.
 *
 * @param id        our id for the message
 * @param to        the patient's number, masked
 * @param practice  the practice id
 * @param status    where it is
 * @param attempts  how many times we tried Twilio
 * @param twilioSid Twilio's MessageSid once accepted, else null
 * @param error     why it failed or is being retried, else null
 * @param updatedAt last change
 */
public record SmsDelivery(String id, String to, String practice, DeliveryStatus status, int attempts,
                          String twilioSid, String error, Instant updatedAt) {
}
