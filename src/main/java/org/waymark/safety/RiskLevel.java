package org.waymark.safety;

import java.util.Locale;

public enum RiskLevel {
    NONE, URGENT, EMERGENCY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
