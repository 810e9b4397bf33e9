package org.waymark.handoff;

import java.util.Locale;

public enum HandoffStatus {
    WAITING, CLAIMED, CLOSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HandoffStatus parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
