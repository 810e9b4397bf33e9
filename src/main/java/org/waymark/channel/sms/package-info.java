/**
 * SMS through Twilio: the signed webhook, STOP/START/HELP, the outbox that sends with retries, delivery status
 * callbacks, and a phone simulator when no Twilio credentials are set. Public surface: {@link
 * org.waymark.channel.sms.SmsSegments}, {@link org.waymark.channel.sms.SmsDeliveries} and its records.
 */
package org.waymark.channel.sms;
