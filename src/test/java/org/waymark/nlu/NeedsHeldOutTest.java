package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.waymark.taxonomy.Need;

class NeedsHeldOutTest {

    static final Path HELD_OUT = Path.of("src/test/resources/nlu/needs-heldout.tsv");

    record Case(Set<Need> needs, String text) {
    }

    static List<Case> heldOut() throws IOException {
        return Files.readAllLines(HELD_OUT, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> {
                    String[] parts = l.split("\t", 2);
                    Set<Need> needs = EnumSet.noneOf(Need.class);
                    if (!parts[0].equals("none")) {
                        for (String code : parts[0].split(",")) {
                            needs.add(Need.fromCode(code).orElseThrow(() -> new IllegalStateException(code)));
                        }
                    }
                    return new Case(needs, parts[1]);
                }).toList();
    }

    @Test
    void needsMicroF1OnHeldOutSentencesIsAtLeastNinetyPercent() throws IOException {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        StringBuilder misses = new StringBuilder();
        for (Case c : heldOut()) {
            Set<Need> found = TestNlu.NLU.parse(c.text()).needs();
            for (Need n : found) {
                if (c.needs().contains(n)) {
                    tp++;
                } else {
                    fp++;
                }
            }
            for (Need n : c.needs()) {
                if (!found.contains(n)) {
                    fn++;
                }
            }
            if (!found.equals(c.needs())) {
                misses.append(String.format(Locale.ROOT, "%n  %s: expected %s, found %s", c.text(), c.needs(), found));
            }
        }
        double precision = tp / (double) (tp + fp);
        double recall = tp / (double) (tp + fn);
        double f1 = 2 * precision * recall / (precision + recall);
        System.out.printf(Locale.ROOT, "needs held-out: precision=%.4f recall=%.4f microF1=%.4f%s%n", precision,
                recall, f1, misses);
        assertThat(f1).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void heldOutSentencesAreNotInTheTrainingData() throws IOException {
        Set<String> training = new HashSet<>();
        TestNlu.MODELS.hashCode();
        TrainingData data = TrainingData.load(name -> Files.readAllBytes(Path.of("nlp-models").resolve(name)));
        data.intentExamples().forEach(e -> training.add(TextNormaliser.normalise(e.text())));
        for (Case c : heldOut()) {
            if (!c.needs().isEmpty()) {
                assertThat(training).as("held-out sentence found in training data").doesNotContain(
                        TextNormaliser.normalise(c.text()));
            }
        }
    }
}
