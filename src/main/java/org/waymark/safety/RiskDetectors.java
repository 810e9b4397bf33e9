package org.waymark.safety;

import java.nio.file.Path;

import org.waymark.embedding.SentenceEmbeddings;

/** Builds the risk detector without Spring, for tests, tools and benchmarks. */
public final class RiskDetectors {

    private RiskDetectors() {
    }

    /**
     * Patterns plus the net of {@code nlp-models/risk} (or its classpath copy), read or retrained exactly as the
     * app does at start-up, so tests and benchmarks run the net patients get. Thread-safe.
     */
    public static RiskDetector standard() {
        return fromTrainingDir(Path.of(SafetySettings.DEFAULT_TRAINING_DIR));
    }

    public static RiskDetector fromTrainingDir(Path trainingDir) {
        return layered(trainingDir);
    }

    static LayeredRiskDetector layered(Path trainingDir) {
        return nets(trainingDir);
    }

    /**
     * The patterns and the nets that ship (docs/nlu.md): each read from beside its lines when it was built from
     * them, else retrained and saved there.
     */
    static LayeredRiskDetector nets(Path trainingDir) {
        TextNormaliser normaliser = new TextNormaliser();
        RiskPatterns patterns = new RiskPatterns();
        RiskTraining training = RiskTraining.load(trainingDir);
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        return new LayeredRiskDetector(normaliser, patterns, RiskNet.loadOrTrain(training, normaliser, patterns, embeddings), embeddings);
    }

    /**
     * {@code nlu train}: retrains the risk net from the lines in {@code trainingDir} and saves them beside the lines
     * with their hashes. Returns a line to print.
     */
    public static String train(Path trainingDir) throws java.io.IOException {
        long start = System.nanoTime();
        TextNormaliser normaliser = new TextNormaliser();
        RiskTraining training = RiskTraining.load(trainingDir);
        if (training.dir().isEmpty()) {
            throw new java.io.IOException("no risk training lines in " + trainingDir.toAbsolutePath());
        }
        RiskNet net = RiskNet.train(training.lines(), normaliser, new RiskPatterns(), SentenceEmbeddings.shared(),
                RiskNet.DEFAULT);
        training.store(RiskNet.STORED, net.bytes());
        return String.format(java.util.Locale.ROOT, "risk net trained on %d lines in %d ms (check from %.3f, crisis "
                        + "from %.3f); saved to %s", training.lines().size(), (System.nanoTime() - start) / 1_000_000,
                net.checkAt(), net.crisisAt(), trainingDir.resolve(RiskTraining.NET_FILE).toAbsolutePath());
    }
}
