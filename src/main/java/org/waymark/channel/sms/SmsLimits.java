package org.waymark.channel.sms;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How fast one phone number may text, under {@code waymark.sms.limits}; 0 turns one off. Over it, the text is not
 * read: Twilio still gets 200 (a 429 would be logged as a failed webhook and retried), with one short "please slow
 * down" an hour and empty TwiML after that. STOP, START and HELP are always honoured.
 *
 * @param textsPerNumberPerMinute texts one number may send in a minute (more than anyone types)
 * @param textsPerNumberPerHour   ... and in an hour (an auto-reply loop is stopped here)
 */
@ConfigurationProperties("waymark.sms.limits")
record SmsLimits(Integer textsPerNumberPerMinute, Integer textsPerNumberPerHour) {
    SmsLimits {
        textsPerNumberPerMinute = textsPerNumberPerMinute == null ? 10 : textsPerNumberPerMinute;
        textsPerNumberPerHour = textsPerNumberPerHour == null ? 60 : textsPerNumberPerHour;
    }
}
