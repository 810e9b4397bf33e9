package org.waymark.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): would the nearest training lines catch what
 * the shipped check misses? For every line of the development folders ({@code nlp-models/risk-pending}, and the
 * calibration negatives), the shipped detector's answer and, by cosine similarity of sentence embeddings, the
 * nearest risky and nearest negative training lines; per rule "raise a check where the detector says none and the
 * nearest risky line is at least T, and nearer than the nearest negative by at least M", the risky lines it would
 * add and the negatives it would question. Never run on a kept-apart set. {@code mvn -o -q test
 * -Dtest=NearestRiskyLineMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; prints lines starting "NEAREST".
 */
class NearestRiskyLineMeasurement {

    record Line(String label, String text) {
        boolean risky() {
            return !label.equals("none");
        }
    }

    static List<Line> read(Path dir) throws Exception {
        List<Line> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f).stream().skip(1).toList()) {
                    String[] cells = line.split("\t", 2);
                    if (cells.length == 2) {
                        out.add(new Line(cells[0], cells[1]));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void measure() throws Exception {
        List<Line> training = read(Path.of("nlp-models/risk"));
        List<Line> dev = new ArrayList<>(read(Path.of("nlp-models/risk-pending")));
        dev.addAll(read(Path.of("nlp-models/risk-calibration")));
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        embeddings.cacheIn(Path.of("data/embeddings"));
        List<float[]> trained = embeddings.embedAllOnce("nearest-training",
                training.stream().map(Line::text).toList());
        List<float[]> devVectors = embeddings.embedAllOnce("nearest-dev", dev.stream().map(Line::text).toList());
        LayeredRiskDetector detector = RiskDetectors.nets(Path.of("nlp-models/risk"));
        double[] thresholds = {0.55, 0.60, 0.65, 0.70, 0.75, 0.80};
        double[] margins = {0.0, 0.05, 0.10, 0.15};
        int[][] addedRisky = new int[thresholds.length][margins.length];
        int[][] addedNegatives = new int[thresholds.length][margins.length];
        int missed = 0;
        int quietNegatives = 0;
        int risky = 0;
        int negatives = 0;
        for (int i = 0; i < dev.size(); i++) {
            Line line = dev.get(i);
            boolean none = detector.assess(line.text()).band().equals("none");
            if (line.risky()) {
                risky++;
                missed += none ? 1 : 0;
            } else {
                negatives++;
                quietNegatives += none ? 1 : 0;
            }
            if (!none) {
                continue;
            }
            double nearestRisky = -1;
            double nearestNone = -1;
            float[] a = devVectors.get(i);
            for (int j = 0; j < training.size(); j++) {
                float[] b = trained.get(j);
                double dot = 0;
                for (int d = 0; d < a.length; d++) {
                    dot += a[d] * b[d];
                }
                if (training.get(j).risky()) {
                    nearestRisky = Math.max(nearestRisky, dot);
                } else {
                    nearestNone = Math.max(nearestNone, dot);
                }
            }
            for (int t = 0; t < thresholds.length; t++) {
                for (int m = 0; m < margins.length; m++) {
                    if (nearestRisky >= thresholds[t] && nearestRisky >= nearestNone + margins[m]) {
                        if (line.risky()) {
                            addedRisky[t][m]++;
                        } else {
                            addedNegatives[t][m]++;
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "NEAREST development lines: %d risky (%d missed by the shipped check), %d "
                + "negatives (%d it leaves quiet)%n", risky, missed, negatives, quietNegatives);
        for (int t = 0; t < thresholds.length; t++) {
            for (int m = 0; m < margins.length; m++) {
                System.out.printf(Locale.ROOT, "NEAREST risky line >= %.2f, margin %.2f: risky caught +%d, negatives "
                        + "questioned +%d%n", thresholds[t], margins[m], addedRisky[t][m], addedNegatives[t][m]);
            }
        }
    }
}
