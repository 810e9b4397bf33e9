package org.waymark.safety;

import java.nio.file.Path;

/** Builds the risk detector without Spring, for tests, tools and benchmarks. */
public final class RiskDetectors {

    private RiskDetectors() {
    }

    /**
     * Patterns plus the model of {@code nlp-models/risk} (or its classpath copy), read or retrained exactly as the
     * app does at start-up, so tests and benchmarks run the model patients get. Thread-safe.
     */
    public static RiskDetector standard() {
        return fromTrainingDir(Path.of(SafetySettings.DEFAULT_TRAINING_DIR));
    }

    public static RiskDetector fromTrainingDir(Path trainingDir) {
        return layered(trainingDir, SafetySettings.DEFAULT_THRESHOLD);
    }

    static LayeredRiskDetector layered(Path trainingDir, double threshold) {
        TextNormaliser normaliser = new TextNormaliser();
        return new LayeredRiskDetector(normaliser, new RiskPatterns(),
                RiskModel.loadOrTrain(RiskTraining.load(trainingDir), normaliser, threshold));
    }
}
