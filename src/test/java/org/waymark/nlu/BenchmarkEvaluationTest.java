package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * The intent pipeline on the public NLU Evaluation Corpora (Braun et al. 2017): train on each corpus's train file,
 * score its test file, exactly as {@code nlu evaluate} does; published services score 0.87 to 0.93 overall, and
 * issue 15 asks for 0.94 (259/274 since the fourth grid of docs/intents-benchmark.md).
 */
class BenchmarkEvaluationTest {

    static final Path CORPORA = Path.of("../shared/data/nlu-benchmark");
    static final String[] NAMES = {"ChatbotCorpus", "AskUbuntuCorpus", "WebApplicationsCorpus"};

    @Test
    void accuracyOverAllThreeCorporaIsAtLeastNinetyFourPercent() throws IOException {
        assumeTrue(Files.isDirectory(CORPORA), "benchmark corpora not found at " + CORPORA.toAbsolutePath()
                + ": skipping the benchmark test");
        int correct = 0;
        int total = 0;
        for (String name : NAMES) {
            Evaluation.Result r = Evaluation.run(Evaluation.readTsv(CORPORA.resolve(name + ".train.tsv")),
                    Evaluation.readTsv(CORPORA.resolve(name + ".test.tsv")));
            System.out.printf(Locale.ROOT, "%s accuracy=%.4f (%d/%d) macroF1=%.4f%n", name, r.accuracy(),
                    r.correct(), r.total(), r.macroF1());
            correct += r.correct();
            total += r.total();
        }
        double accuracy = correct / (double) total;
        System.out.printf(Locale.ROOT, "overall accuracy=%.4f (%d/%d)%n", accuracy, correct, total);
        assertThat(total).isEqualTo(274);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.94);
    }
}
