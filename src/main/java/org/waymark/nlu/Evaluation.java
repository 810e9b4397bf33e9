package org.waymark.nlu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Trains the intent pipeline on one labelled file and scores it on another. */
final class Evaluation {

    /** Counts for one corpus. */
    record Result(int correct, int total, Map<String, double[]> perLabel, double macroF1) {
        double accuracy() {
            return total == 0 ? 0 : (double) correct / total;
        }
    }

    private Evaluation() {
    }

    static List<IntentClassifier.Example> readTsv(Path file) throws IOException {
        List<IntentClassifier.Example> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IOException(file + ": expected intent<TAB>text in line: " + line);
            }
            out.add(new IntentClassifier.Example(line.substring(0, tab).trim(), line.substring(tab + 1).trim()));
        }
        return out;
    }

    static Result run(List<IntentClassifier.Example> train, List<IntentClassifier.Example> test) {
        return score(IntentClassifier.trainIntents(train), test);
    }

    static Result score(IntentClassifier classifier, List<IntentClassifier.Example> test) {
        Map<String, int[]> counts = new TreeMap<>(); // tp, fp, fn
        TreeSet<String> labels = new TreeSet<>();
        test.forEach(e -> labels.add(e.label()));
        labels.addAll(classifier.labels());
        labels.forEach(l -> counts.put(l, new int[3]));
        int correct = 0;
        for (IntentClassifier.Example e : test) {
            String guess = classifier.best(e.text());
            if (guess.equals(e.label())) {
                correct++;
                counts.get(guess)[0]++;
            } else {
                counts.get(guess)[1]++;
                counts.get(e.label())[2]++;
            }
        }
        Map<String, double[]> perLabel = new TreeMap<>();
        double f1Sum = 0;
        int f1Count = 0;
        for (var entry : counts.entrySet()) {
            int[] c = entry.getValue();
            if (c[0] + c[1] + c[2] == 0) {
                continue;
            }
            double p = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double r = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            perLabel.put(entry.getKey(), new double[] {p, r, f1, c[0] + c[2]});
            f1Sum += f1;
            f1Count++;
        }
        return new Result(correct, test.size(), perLabel, f1Count == 0 ? 0 : f1Sum / f1Count);
    }

    static void print(Result result, PrintStream out) {
        out.printf(Locale.ROOT, "%-28s %9s %9s %9s %7s%n", "intent", "precision", "recall", "f1", "support");
        result.perLabel().forEach((label, v) -> out.printf(Locale.ROOT, "%-28s %9.4f %9.4f %9.4f %7d%n",
                label, v[0], v[1], v[2], (int) v[3]));
        out.printf(Locale.ROOT, "correct=%d total=%d%n", result.correct(), result.total());
        out.printf(Locale.ROOT, "accuracy=%.4f macroF1=%.4f%n", result.accuracy(), result.macroF1());
    }
}
