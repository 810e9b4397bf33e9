package org.waymark.channel.sms;

/**
 * The settings in force: {@code simulated} when Twilio credentials are missing. Then webhooks are checked against
 * a random token made at start-up, so no outside request passes; the simulator is the way in.
 */
record SmsSetup(SmsSettings settings, boolean simulated, String signingToken) {
}
