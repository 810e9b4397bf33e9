package org.waymark.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.Folds;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): chooses {@link RiskNet#EMERGENCY_SHARE}, the
 * share of a crisis's probability on emergency labels from which the embedding net says "emergency" and not
 * "urgent". It reads no kept-apart line: out-of-fold judgements of the English training lines the patterns leave to
 * the nets (5 folds, the shipped seed), at the out-of-fold crisis threshold as {@code nlu train} chooses it.
 *
 * <p>The rule, fixed before the first run: of the shares 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, the lowest at which at
 * most 10% of the urgent lines the net raises to a crisis are read as emergencies (an emergency handoff and the 999
 * text for a patient who needed same-day contact), or 0.5 if none is. Run with {@code mvn -o -q test
 * -Dtest=RiskEmergencyShareMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; it prints lines starting
 * "EMERGENCY". About three minutes on the 2-core machine.
 */
class RiskEmergencyShareMeasurement {
    private static final double[] SHARES = {0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2};
    /** The share of urgent lines raised to a crisis that may read as emergencies (both measurements keep to it). */
    static final double URGENT_BUDGET = 0.10;

    @Test
    void measure() throws Exception {
        TextNormaliser normaliser = new TextNormaliser();
        RiskPatterns patterns = new RiskPatterns();
        RiskTraining training = RiskTraining.load(Path.of("nlp-models/risk"));
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        RiskNet.Settings settings = RiskNet.DEFAULT;

        RiskNet.Prepared in = RiskNet.Prepared.of(training.lines(), normaliser, patterns, embeddings);
        List<RiskNet.Example> examples = in.examples();
        List<float[]> vectors = in.vectors();
        boolean[] decided = in.decided();
        RiskNet.Judgement[][] oof = new RiskNet.Judgement[SHARES.length][examples.size()];
        int[] fold = Folds.stratified(examples.stream().map(RiskNet.Example::label).toList(), settings.folds(),
                RiskNet.SEED);
        for (int f = 0; f < settings.folds(); f++) {
            RiskNet.OnEmbeddings net = RiskNet.OnEmbeddings.fit(examples, vectors, settings, fold, f, RiskNet.SEED);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    for (int s = 0; s < SHARES.length; s++) {
                        oof[s][i] = net.judge(vectors.get(i), SHARES[s]);
                    }
                }
            }
        }
        double crisisAt = RiskNet.thresholds(examples, oof[0], decided, null, settings)[1];
        System.out.printf(Locale.ROOT, "EMERGENCY out-of-fold crisis threshold %.4f%n", crisisAt);

        RiskNet shipped = RiskNet.read(training.stored(RiskNet.STORED).orElseThrow());
        List<float[]> calibration = embeddings.embedAll(RiskNet.calibration(training.lines()).stream()
                .filter(text -> RiskNet.leftToNets(text, normaliser, patterns)).toList());

        double chosen = 0.5;
        for (int s = 0; s < SHARES.length; s++) {
            int emergencyLines = 0;
            int emergencyRead = 0;
            int urgentLines = 0;
            int urgentRead = 0;
            int negatives = 0;
            for (int i = 0; i < examples.size(); i++) {
                RiskNet.Judgement j = oof[s][i];
                String label = examples.get(i).label();
                if (decided[i] || examples.get(i).ordinary() || j.risk() < crisisAt
                        || RiskNet.CHECK.equals(j.level())) {
                    continue;
                }
                boolean emergency = RiskNet.EMERGENCY.equals(j.level());
                if (label.endsWith(":" + RiskNet.EMERGENCY)) {
                    emergencyLines++;
                    emergencyRead += emergency ? 1 : 0;
                } else if (label.endsWith(":" + RiskNet.URGENT)) {
                    urgentLines++;
                    urgentRead += emergency ? 1 : 0;
                } else if (label.equals(RiskNet.NONE)) {
                    negatives += emergency ? 1 : 0;
                }
            }
            double share = SHARES[s];
            long calibrationEmergencies = calibration.stream().map(v -> shipped.judge(v, share))
                    .filter(j -> j.risk() >= shipped.crisisAt() && RiskNet.EMERGENCY.equals(j.level())).count();
            double urgentRate = urgentRead / (double) Math.max(1, urgentLines);
            if (urgentRate <= URGENT_BUDGET) {
                chosen = share;
            }
            System.out.printf(Locale.ROOT, "EMERGENCY share %.2f: emergency lines raised to a crisis read as emergency "
                    + "%d/%d (%.3f); urgent lines raised to a crisis read as emergency %d/%d (%.3f); hard negatives "
                    + "at emergency %d; the shipped net on %d calibration negatives: emergencies %d%n", share,
                    emergencyRead, emergencyLines, emergencyRead / (double) Math.max(1, emergencyLines), urgentRead,
                    urgentLines, urgentRate, negatives, calibration.size(), calibrationEmergencies);
        }
        System.out.printf(Locale.ROOT, "EMERGENCY chosen share %.2f%n", chosen);
    }
}
