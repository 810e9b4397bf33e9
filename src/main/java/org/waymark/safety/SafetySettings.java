package org.waymark.safety;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Safety settings. {@code riskTrainingDir} ({@code WAYMARK_SAFETY_RISK_TRAINING_DIR}, default
 * {@code nlp-models/risk}) holds the risk model's training lines, with a classpath copy as fallback;
 * {@code modelThreshold} ({@code WAYMARK_SAFETY_MODEL_THRESHOLD}, default 0.6) is how sure the model must be to
 * raise a risk the patterns missed.
 */
@ConfigurationProperties("waymark.safety")
record SafetySettings(String riskTrainingDir, Double modelThreshold) {
    static final String DEFAULT_TRAINING_DIR = "nlp-models/risk";
    static final double DEFAULT_THRESHOLD = 0.6;

    SafetySettings {
        if (riskTrainingDir == null || riskTrainingDir.isBlank()) {
            riskTrainingDir = DEFAULT_TRAINING_DIR;
        }
        if (modelThreshold == null) {
            modelThreshold = DEFAULT_THRESHOLD;
        }
        if (modelThreshold <= 0.0 || modelThreshold > 1.0) {
            throw new IllegalArgumentException("waymark.safety.model-threshold must be in (0, 1]: " + modelThreshold);
        }
    }
}
