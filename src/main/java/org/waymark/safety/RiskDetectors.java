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
        return new LayeredRiskDetector(normaliser, patterns, RiskNet.loadOrTrain(training, normaliser, patterns,
                embeddings), embeddings).withAnswers(training.answers());
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
        // -Dwaymark.risk.members=N averages N nets of other seeds: measured, not shipped (docs/nlu.md, stop 42)
        RiskNet net = RiskNet.train(training.lines(), normaliser, new RiskPatterns(), SentenceEmbeddings.shared(),
                RiskNet.DEFAULT.withMembers(Integer.getInteger("waymark.risk.members", 1)));
        training.store(RiskNet.STORED, net.bytes());
        int calibration = RiskNet.calibration(training.lines()).size();
        return String.format(java.util.Locale.ROOT, "risk net trained on %d lines in %d ms (check from %.3f, crisis "
                        + "from %.3f; %d calibration negatives held the check threshold to its budget); saved to %s",
                training.lines().size() - calibration, (System.nanoTime() - start) / 1_000_000, net.checkAt(),
                net.crisisAt(), calibration, trainingDir.resolve(RiskTraining.NET_FILE).toAbsolutePath());
    }

    /**
     * {@code nlu train}: retrains the risk net of every other language with lines in {@code modelsDir/<code>/risk}
     * (cross-validating the candidates first) and saves each beside its lines. Returns the lines to print.
     */
    public static String trainLanguages(Path modelsDir) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        for (String code : RiskByLanguage.languages(modelsDir)) {
            out.append(trainLanguage(modelsDir, code)).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** One language's risk net, as {@link #trainLanguages}. */
    public static String trainLanguage(Path modelsDir, String code) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        {
            long start = System.nanoTime();
            RiskTraining training = RiskByLanguage.training(modelsDir, code);
            if (training.dir().isEmpty()) {
                throw new java.io.IOException("no risk training lines in " + modelsDir.resolve(code).resolve("risk"));
            }
            LanguageRiskNet net = LanguageRiskNet.train(training.lines(), RiskByLanguage.phrases(training, code), code);
            RiskByLanguage.store(training, net);
            out.append(net.report()).append(String.format(java.util.Locale.ROOT, "%s risk net trained on %d lines in "
                    + "%d ms (check from %.3f, crisis from %.3f); saved to %s%n", code, training.lines().size(),
                    (System.nanoTime() - start) / 1_000_000, net.checkAt(), net.crisisAt(),
                    training.dir().get().resolve(RiskTraining.NET_FILE).toAbsolutePath()));
        }
        return out.toString().stripTrailing();
    }
}
