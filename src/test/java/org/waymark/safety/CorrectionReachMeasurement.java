package org.waymark.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): how close a message must be to a link
 * worker's risk correction before the correction speaks for it ({@link RiskHeads#REACH}), measured on the English
 * risk training lines alone, never the kept-apart set. For every line, its nearest other line by cosine similarity;
 * per band of that similarity, how often the two have the same answer (not risk, or the same category). Run with
 * {@code mvn -o -q test -Dtest=CorrectionReachMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; it prints
 * lines starting "REACH".
 */
class CorrectionReachMeasurement {
    @Test
    void measure() throws Exception {
        List<String> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (var files = Files.list(Path.of("nlp-models/risk"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f).stream().skip(1).toList()) {
                    String[] cells = line.split("\t", 2);
                    if (cells.length == 2) {
                        labels.add(cells[0].contains(":") ? cells[0].substring(0, cells[0].indexOf(':')) : cells[0]);
                        texts.add(cells[1]);
                    }
                }
            }
        }
        SentenceEmbeddings.shared().cacheIn(Path.of("data/embeddings"));
        List<float[]> vectors = SentenceEmbeddings.shared().embedAllOnce("reach", texts);
        double[] bands = {0.95, 0.90, 0.85, 0.80, 0.75, 0.70, 0.0};
        int[] pairs = new int[bands.length];
        int[] same = new int[bands.length];
        for (int i = 0; i < texts.size(); i++) {
            float[] a = vectors.get(i);
            double best = -1;
            int nearest = -1;
            for (int j = 0; j < texts.size(); j++) {
                if (j == i) {
                    continue;
                }
                float[] b = vectors.get(j);
                double dot = 0;
                for (int d = 0; d < a.length; d++) {
                    dot += a[d] * b[d];
                }
                if (dot > best) {
                    best = dot;
                    nearest = j;
                }
            }
            int band = 0;
            while (best < bands[band]) {
                band++;
            }
            pairs[band]++;
            same[band] += labels.get(i).equals(labels.get(nearest)) ? 1 : 0;
        }
        int cumPairs = 0;
        int cumSame = 0;
        for (int b = 0; b < bands.length; b++) {
            cumPairs += pairs[b];
            cumSame += same[b];
            System.out.printf(Locale.ROOT, "REACH nearest at >= %.2f: %d lines, same answer %.3f; at or above: %d "
                    + "lines, %.3f%n", bands[b], pairs[b], pairs[b] == 0 ? Double.NaN : (double) same[b] / pairs[b],
                    cumPairs, (double) cumSame / cumPairs);
        }
    }
}
