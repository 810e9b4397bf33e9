package org.waymark.channel.sms;

import java.time.Duration;

/** The last step of an outbound SMS: Twilio's REST API, or the simulator's phone. */
sealed interface SmsSender permits TwilioSender, SimulatedPhone {

    SendResult send(OutgoingSms sms);

    /** @param from the practice's number, or null to use the configured sender */
    record OutgoingSms(String id, String to, String from, String body) {
    }

    sealed interface SendResult {
        /** Twilio has it; {@code sid} is its MessageSid. */
        record Sent(String sid) implements SendResult {
        }

        /** Worth trying again: rate limit, server error, time-out; {@code after} is Twilio's Retry-After or null. */
        record Retry(String reason, Duration after) implements SendResult {
        }

        /** Trying again will not help (bad number, account problem). */
        record Failed(String reason) implements SendResult {
        }
    }
}
