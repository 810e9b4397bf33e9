package org.waymark.safety;

import java.util.Locale;

public enum RiskCategory {
    SUICIDE_SELF_HARM, HARM_TO_OTHERS, ABUSE_SAFEGUARDING, MEDICAL_EMERGENCY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
