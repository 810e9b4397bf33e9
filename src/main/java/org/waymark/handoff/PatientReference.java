package org.waymark.handoff;

import org.waymark.messaging.Channel;

/** How a patient is named where a whole phone number or session id must not show: lists, logs, audit. */
public final class PatientReference {
    private PatientReference() {
    }

    public static String mask(Channel channel, String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (channel == Channel.SMS) {
            return org.waymark.messaging.PhoneNumbers.masked(address);
        }
        return "web chat " + address.substring(0, Math.min(6, address.length()));
    }
}
