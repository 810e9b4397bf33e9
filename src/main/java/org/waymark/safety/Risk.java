package org.waymark.safety;

/**
 * The risk one message shows. {@code category} is null when the level is {@code NONE}; {@code cue} is the words
 * that raised it (kept out of logs).
 */
public record Risk(RiskLevel level, RiskCategory category, String cue) {
    public static final Risk NONE = new Risk(RiskLevel.NONE, null, null);

    public boolean risky() {
        return level != RiskLevel.NONE;
    }
}
