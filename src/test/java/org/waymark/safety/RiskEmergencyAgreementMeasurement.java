package org.waymark.safety;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.Folds;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): chooses {@link RiskNet#EMERGENCY_AGREEMENT},
 * the embedding net's chance of risk from which its reading of an emergency makes the words net's crisis an
 * emergency. The words net knows no levels, so whatever it raises is urgent; without this rule a message both nets see
 * as a crisis of one category reached 999 only when the embedding net alone cleared its crisis threshold (0.993 when
 * the rule was chosen), so "I have a rope and I've written the letters" got 111 although the embedding net read an
 * emergency. It reads no kept-apart line:
 * both nets fitted with each of 5 folds held out in turn (the shipped seed), judged on the held-out lines the
 * patterns leave to the nets, the embedding net banded at its out-of-fold thresholds with
 * {@link RiskNet#EMERGENCY_SHARE}.
 *
 * <p>The rule, fixed before the first run: of the floors 0.40, 0.50, 0.60, 0.70, 0.80, 0.90, 0.95, the lowest at
 * which at most 10% of the urgent lines raised to a crisis (by either net) are read as emergencies, the budget
 * {@link RiskEmergencyShareMeasurement} kept to; none (the rule off) if no floor keeps to it. The rule only moves a
 * crisis from urgent to emergency, so the false alarms (crisis raised on a negative) cannot change; the run prints
 * them to show it. Run with {@code mvn -o -q test -Dtest=RiskEmergencyAgreementMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}; it prints lines starting "AGREEMENT".
 */
class RiskEmergencyAgreementMeasurement {
    private static final double[] FLOORS = {0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};

    @Test
    void measure() throws Exception {
        TextNormaliser normaliser = new TextNormaliser();
        RiskPatterns patterns = new RiskPatterns();
        RiskNet.Settings settings = RiskNet.DEFAULT;
        RiskNet.Prepared in = RiskNet.Prepared.of(RiskTraining.load(Path.of("nlp-models/risk")).lines(), normaliser,
                patterns, SentenceEmbeddings.shared());
        List<RiskNet.Example> examples = in.examples();
        List<float[]> vectors = in.vectors();
        boolean[] decided = in.decided();
        RiskNet.Judgement[] judged = new RiskNet.Judgement[examples.size()];
        RiskCategory[] raised = new RiskCategory[examples.size()];
        int[] fold = Folds.stratified(examples.stream().map(RiskNet.Example::label).toList(), settings.folds(),
                RiskNet.SEED);
        for (int f = 0; f < settings.folds(); f++) {
            RiskNet.OnEmbeddings net = RiskNet.OnEmbeddings.fit(examples, vectors, settings, fold, f, RiskNet.SEED);
            List<String> trainLines = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    trainLines.add(examples.get(i).line());
                }
            }
            RiskModel words = RiskModel.train(trainLines, normaliser, RiskNet.WORDS_THRESHOLD);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    judged[i] = net.judge(vectors.get(i), RiskNet.EMERGENCY_SHARE);
                    raised[i] = words.raise(patterns.assess(normaliser.normalise(examples.get(i).text())).masked());
                }
            }
        }
        double[] t = RiskNet.thresholds(examples, judged, decided, null, settings);
        System.out.printf(Locale.ROOT, "AGREEMENT out-of-fold thresholds: check %.4f, crisis %.4f%n", t[0], t[1]);

        double chosen = Double.NaN;
        for (int k = -1; k < FLOORS.length; k++) {
            double floor = k < 0 ? Double.NaN : FLOORS[k];
            int[] crisis = new int[3]; // urgent lines, emergency lines, hard negatives raised to a crisis
            int[] read = new int[3]; // of them, read as emergencies
            for (int i = 0; i < examples.size(); i++) {
                RiskNet.Example e = examples.get(i);
                if (decided[i] || e.ordinary()) {
                    continue;
                }
                Risk risk = RiskNet.agreed(raised[i], judged[i], t[0], t[1], floor);
                if (risk == null || !risk.risky()) {
                    continue;
                }
                int kind = e.label().endsWith(":" + RiskNet.URGENT) ? 0
                        : e.label().endsWith(":" + RiskNet.EMERGENCY) ? 1 : e.risky() ? -1 : 2;
                if (kind >= 0) {
                    crisis[kind]++;
                    read[kind] += risk.level() == RiskLevel.EMERGENCY ? 1 : 0;
                }
            }
            double urgentRate = read[0] / (double) Math.max(1, crisis[0]);
            if (k >= 0 && Double.isNaN(chosen) && urgentRate <= RiskEmergencyShareMeasurement.URGENT_BUDGET) {
                chosen = floor;
            }
            System.out.printf(Locale.ROOT, "AGREEMENT floor %s: emergency lines raised to a crisis read as emergency "
                    + "%d/%d (%.3f); urgent lines raised to a crisis read as emergency %d/%d (%.3f); hard negatives "
                    + "raised to a crisis %d, at emergency %d%n", k < 0 ? "off" : String.format(Locale.ROOT, "%.2f",
                    floor), read[1], crisis[1], read[1] / (double) Math.max(1, crisis[1]), read[0], crisis[0],
                    urgentRate, crisis[2], read[2]);
        }
        System.out.printf(Locale.ROOT, "AGREEMENT chosen floor %s%n", Double.isNaN(chosen) ? "off (none kept to the "
                + "budget)" : String.format(Locale.ROOT, "%.2f", chosen));
    }
}
