package org.waymark.channel.sms;

import java.util.Locale;

/** Where an outbound SMS is. OPTED_OUT: never sent, the number had texted STOP. */
public enum DeliveryStatus {
    QUEUED(0), SENDING(1), SENT(2), DELIVERED(3), UNDELIVERED(3), FAILED(3), OPTED_OUT(3);

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the outcomes a link worker should see: the patient did not get the message. */
    public boolean missed() {
        return this == UNDELIVERED || this == FAILED || this == OPTED_OUT;
    }

    /** Status callbacks arrive out of order; a later stage never goes back to an earlier one. */
    boolean laterThan(DeliveryStatus other) {
        return rank > other.rank;
    }

    /** Twilio's MessageStatus values, or null for one that tells us nothing new. */
    static DeliveryStatus fromTwilio(String status) {
        if (status == null) {
            return null;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "accepted", "queued", "scheduled", "sending", "sent" -> SENT;
            case "delivered", "read" -> DELIVERED;
            case "undelivered" -> UNDELIVERED;
            case "failed", "canceled" -> FAILED;
            default -> null;
        };
    }

    static DeliveryStatus ofCode(String code) {
        return code == null ? QUEUED : valueOf(code.toUpperCase(Locale.ROOT));
    }
}
