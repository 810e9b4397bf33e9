package org.waymark.safety;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Safety settings. {@code riskTrainingDir} ({@code WAYMARK_SAFETY_RISK_TRAINING_DIR}, default
 * {@code nlp-models/risk}) holds the risk net's training lines and the net trained from them, with a classpath copy
 * as fallback. The net's thresholds are not a setting: they are chosen by cross-validation when it is trained
 * ({@link RiskNet}).
 */
@ConfigurationProperties("waymark.safety")
record SafetySettings(String riskTrainingDir) {
    static final String DEFAULT_TRAINING_DIR = "nlp-models/risk";

    SafetySettings {
        if (riskTrainingDir == null || riskTrainingDir.isBlank()) {
            riskTrainingDir = DEFAULT_TRAINING_DIR;
        }
    }
}
