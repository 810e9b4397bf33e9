package org.waymark.handoff;

import java.util.Locale;

/** Queue order: emergencies first, then urgent, then routine. */
public enum Priority {
    EMERGENCY, URGENT, ROUTINE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
