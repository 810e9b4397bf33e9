package org.waymark.nlu;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.waymark.evaluation.LabelledLines;
import org.waymark.taxonomy.Need;

/**
 * {@code nlu evaluate-needs FILE}: scores the needs the NLU finds against a labelled set whose labels are
 * comma-separated need codes, or {@code none}. Prints micro precision, recall and F1, F1 per need, how many
 * messages with a need got none, how many multi-need messages were found exactly, and every line not found exactly.
 */
public final class NeedsEvaluation {

    /** One line: what it carries and what was found. */
    public record Judged(LabelledLines.Line line, Set<Need> expected, Set<Need> found) {
    }

    /** Micro figures over every (line, need) pair. */
    public record Result(List<Judged> judged) {
        public double precision() {
            long tp = truePositives();
            long found = judged.stream().mapToLong(j -> j.found().size()).sum();
            return found == 0 ? 0 : (double) tp / found;
        }

        public double recall() {
            long expected = judged.stream().mapToLong(j -> j.expected().size()).sum();
            return expected == 0 ? 0 : (double) truePositives() / expected;
        }

        public double microF1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        private long truePositives() {
            return judged.stream().mapToLong(j -> j.found().stream().filter(j.expected()::contains).count()).sum();
        }
    }

    private NeedsEvaluation() {
    }

    public static Result evaluate(List<LabelledLines.Line> lines, Nlu nlu) throws IOException {
        List<Judged> judged = new ArrayList<>();
        for (LabelledLines.Line line : lines) {
            Set<Need> expected = EnumSet.noneOf(Need.class);
            if (!line.label().equalsIgnoreCase("none")) {
                for (String code : line.label().split(",")) {
                    expected.add(Need.fromCode(code.strip()).orElseThrow(() -> new IOException("line "
                            + line.number() + ": unknown need '" + code.strip() + "' (needs: " + List.of(Need.values())
                            .stream().map(Need::code).toList() + ", or none)")));
                }
            }
            Set<Need> found = EnumSet.noneOf(Need.class);
            found.addAll(nlu.parse(line.text()).needs());
            judged.add(new Judged(line, expected, found));
        }
        return new Result(judged);
    }

    public static void print(Result result, PrintStream out) {
        Map<Need, long[]> perNeed = new EnumMap<>(Need.class); // tp, fp, fn
        for (Need n : Need.values()) {
            perNeed.put(n, new long[3]);
        }
        for (Judged j : result.judged()) {
            for (Need n : Need.values()) {
                boolean expected = j.expected().contains(n);
                boolean found = j.found().contains(n);
                if (expected || found) {
                    perNeed.get(n)[expected && found ? 0 : found ? 1 : 2]++;
                }
            }
        }
        out.println("need                 F1     precision  recall  lines");
        perNeed.forEach((n, c) -> {
            double p = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double r = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            out.printf(Locale.ROOT, "  %-18s %5.3f  %5.3f      %5.3f   %d%n", n.code(),
                    p + r == 0 ? 0 : 2 * p * r / (p + r), p, r, c[0] + c[2]);
        });
        List<Judged> withNeed = result.judged().stream().filter(j -> !j.expected().isEmpty()).toList();
        List<Judged> multi = withNeed.stream().filter(j -> j.expected().size() > 1).toList();
        out.printf(Locale.ROOT, "messages with a need that got none: %d of %d%n",
                withNeed.stream().filter(j -> j.found().isEmpty()).count(), withNeed.size());
        out.printf(Locale.ROOT, "multi-need messages found exactly: %d of %d%n",
                multi.stream().filter(j -> j.found().equals(j.expected())).count(), multi.size());
        out.println("not found exactly:");
        result.judged().stream().filter(j -> !j.found().equals(j.expected())).forEach(j -> out.printf(
                "  line %d expected %s got %s  %s%n", j.line().number(), codes(j.expected()), codes(j.found()),
                j.line().text()));
        out.printf(Locale.ROOT, "needs microF1=%.3f precision=%.3f recall=%.3f%n", result.microF1(),
                result.precision(), result.recall());
    }

    private static String codes(Set<Need> needs) {
        return needs.isEmpty() ? "none" : String.join(",", needs.stream().map(Need::code).toList());
    }
}
