package org.waymark.channel.sms;

/** Phone numbers as logs and link worker lists may show them. */
final class PhoneNumbers {
    private PhoneNumbers() {
    }

    /** "+447700900123" -> "+44******123": enough to tell numbers apart, not enough to call one. */
    static String masked(String number) {
        if (number == null || number.isBlank()) {
            return "?";
        }
        String n = number.trim();
        if (n.length() <= 6) {
            return "*".repeat(n.length());
        }
        return n.substring(0, 3) + "*".repeat(n.length() - 6) + n.substring(n.length() - 3);
    }
}
