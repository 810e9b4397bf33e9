package org.waymark.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): how far the risk net's thresholds move
 * from one training to the next. {@code nlu train} chooses them from out-of-fold judgements with one seed (the
 * folds and the nets' starting weights); this draws them again with other seeds from the same English training
 * lines, and says what share of the calibration negatives (never trained on) the shipped net would raise to a crisis
 * or question at each. It reads no kept-apart line. Run with {@code mvn -o -q test
 * -Dtest=RiskThresholdStabilityMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; it prints lines starting
 * "STABILITY". Five fits of the net per seed: about a quarter of an hour for all of them on the 2-core machine.
 */
class RiskThresholdStabilityMeasurement {
    private static final long[] SEEDS = {15L, 16L, 17L, 18L};

    @Test
    void measure() throws Exception {
        TextNormaliser normaliser = new TextNormaliser();
        RiskPatterns patterns = new RiskPatterns();
        RiskTraining training = RiskTraining.load(Path.of("nlp-models/risk"));
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        RiskNet shipped = RiskNet.read(training.stored(RiskNet.STORED).orElseThrow());
        System.out.printf(Locale.ROOT, "STABILITY shipped: check %.4f, crisis %.4f%n", shipped.checkAt(),
                shipped.crisisAt());

        RiskNet.Prepared in = RiskNet.Prepared.of(training.lines(), normaliser, patterns, embeddings);
        List<RiskNet.Example> examples = in.examples();
        List<float[]> vectors = in.vectors();
        boolean[] decided = in.decided();
        List<String> calibration = RiskNet.calibration(training.lines()).stream()
                .filter(text -> RiskNet.leftToNets(text, normaliser, patterns)).toList();
        List<RiskNet.Judgement> judged = embeddings.embedAll(calibration).stream().map(shipped::judge).toList();
        for (long seed : SEEDS) {
            long start = System.nanoTime();
            double[] t = RiskNet.outOfFoldThresholds(examples, vectors, decided, RiskNet.DEFAULT, seed);
            long crises = judged.stream().filter(j -> j.risk() >= t[1] && !"check".equals(j.level())).count();
            long raised = judged.stream().filter(j -> j.risk() >= t[0]).count();
            System.out.printf(Locale.ROOT, "STABILITY seed %d: out-of-fold check %.4f, crisis %.4f; the shipped net "
                            + "on %d calibration negatives the patterns leave: crisis %d, check or crisis %d (%d s)%n",
                    seed, t[0], t[1], judged.size(), crises, raised, (System.nanoTime() - start) / 1_000_000_000);
        }
    }
}
