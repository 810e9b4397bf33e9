package org.waymark.safety;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): chooses
 * {@link LayeredRiskDetector#SENTENCE_CHECK_AT}, the embedding net's chance from which one sentence of a long message
 * (over {@link LayeredRiskDetector#LONG_MESSAGE} characters) brings the check question. It reads no kept-apart line.
 *
 * <p>Long negatives: the calibration negatives ({@code nlp-models/risk-calibration/}, never trained on), shuffled
 * with {@link RiskNet#SEED} and joined with ". " into stories, each taking lines until it is longer than
 * {@code LONG_MESSAGE}. For each, the whole message as the shipped detector reads it without the sentence reading
 * (patterns, then the nets on the whole), and the sentence reading at each candidate.
 *
 * <p>The rule, fixed before the first run: of the candidates (the net's own check threshold, then 0.5, 0.6, 0.7, 0.8,
 * 0.9, 0.95 and the net's crisis threshold, each at least the net's check threshold), the lowest at which the
 * sentence reading brings a check question or a crisis to at most {@code RiskNet.DEFAULT.checkBudget()} (8%) of the
 * long negatives the whole message left alone; the crisis threshold if none is. For information only (the lines were
 * trained on, so it flatters): how many risky training lines the nets catch alone are still caught, by the whole or
 * the sentences, at the end of such a story. Run with {@code mvn -o -q test -Dtest=LongMessageSentenceCheckMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}; it prints lines starting "LONG".
 */
class LongMessageSentenceCheckMeasurement {

    @Test
    void measure() throws Exception {
        LayeredRiskDetector detector = RiskDetectors.nets(Path.of("nlp-models/risk"));
        RiskTraining training = RiskTraining.load(Path.of("nlp-models/risk"));
        RiskNet net = RiskNet.read(training.stored(RiskNet.STORED).orElseThrow());
        List<String> calibration = new ArrayList<>(RiskNet.calibration(training.lines()));
        Collections.shuffle(calibration, new Random(RiskNet.SEED));
        List<String> stories = stories(calibration);
        double checkAt = net.checkAt();
        double crisisAt = net.crisisAt();
        List<Double> candidates = new ArrayList<>(List.of(checkAt));
        for (double c : new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
            if (c > checkAt && c < crisisAt) {
                candidates.add(c);
            }
        }
        candidates.add(crisisAt);
        System.out.printf(Locale.ROOT, "LONG %d stories of %d calibration negatives; net check %.4f, crisis %.4f%n",
                stories.size(), calibration.size(), checkAt, crisisAt);

        List<String> leftAlone = new ArrayList<>();
        for (String story : stories) {
            if (!flagged(detector.assessPatternsOnly(story)) && !flagged(detector.netOnly(story))) {
                leftAlone.add(story);
            }
        }
        List<String> risky = riskyLeftToTheNets(detector, training);

        double budget = RiskNet.DEFAULT.checkBudget();
        double chosen = crisisAt;
        for (int c = candidates.size() - 1; c >= 0; c--) {
            double at = candidates.get(c);
            int asked = 0;
            for (String story : leftAlone) {
                asked += flagged(detector.bySentence(story, at)) ? 1 : 0;
            }
            int caught = 0;
            for (int i = 0; i < risky.size(); i++) {
                String story = stories.get(i % stories.size()) + ". " + risky.get(i);
                caught += flagged(detector.netOnly(story)) || flagged(detector.bySentence(story, at)) ? 1 : 0;
            }
            double rate = asked / (double) Math.max(1, leftAlone.size());
            if (rate <= budget) {
                chosen = at;
            }
            System.out.printf(Locale.ROOT, "LONG from %.4f: long negatives the whole left alone asked or alarmed by a "
                    + "sentence %d/%d (%.3f); risky training lines at a story's end caught %d/%d (%.3f)%n", at, asked,
                    leftAlone.size(), rate, caught, risky.size(), caught / (double) Math.max(1, risky.size()));
        }
        System.out.printf(Locale.ROOT, "LONG chosen %.4f%n", chosen);
    }

    private static boolean flagged(Risk r) {
        return r != null && (r.risky() || r.check());
    }

    /** Up to 300 risky training lines the nets catch and the patterns leave to them, shuffled. */
    static List<String> riskyLeftToTheNets(LayeredRiskDetector detector, RiskTraining training) {
        List<String> risky = new ArrayList<>();
        for (RiskNet.Example e : RiskNet.examples(training.lines())) {
            if (!e.label().equals(RiskNet.NONE) && flagged(detector.netOnly(e.text()))
                    && !flagged(detector.assessPatternsOnly(e.text()))) {
                risky.add(e.text());
            }
        }
        Collections.shuffle(risky, new Random(RiskNet.SEED));
        return risky.subList(0, Math.min(300, risky.size()));
    }

    static List<String> stories(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder story = new StringBuilder();
        for (String line : lines) {
            story.append(story.length() == 0 ? "" : ". ").append(line.strip());
            if (story.length() > LayeredRiskDetector.LONG_MESSAGE) {
                out.add(story.toString());
                story.setLength(0);
            }
        }
        return out;
    }
}
