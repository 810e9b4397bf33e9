package org.waymark.channel.sms;

/** Phone numbers as logs and link worker lists may show them. */
final class PhoneNumbers {
    private PhoneNumbers() {
    }

    /**
     * "+447700900123" (or "07700 900123") -> "+44******123": enough to tell numbers apart, not enough to call one;
     * see {@link org.waymark.messaging.PhoneNumbers#masked}.
     */
    static String masked(String number) {
        return org.waymark.messaging.PhoneNumbers.masked(number);
    }
}
