package org.waymark.messaging;

import java.util.Locale;

/** How a patient reaches us. */
public enum Channel {
    WEBCHAT, SMS;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
