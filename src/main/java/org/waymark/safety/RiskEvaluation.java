package org.waymark.safety;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.waymark.evaluation.LabelledLines;

/**
 * {@code nlu evaluate-risk FILE}: scores a risk detector on a labelled set. Labels are {@code category:level}
 * ({@code suicide_self_harm:emergency}; the level is the least the bot must do: {@code check}, {@code urgent} or
 * {@code emergency}) or {@code none}. A risky line is caught when the detector raises any level (a check question
 * or more) in any category; the report also says how often the level and the category were right. On the
 * negatives it counts crisis-level false alarms (urgent or emergency) and check questions apart, as the targets do.
 */
public final class RiskEvaluation {
    /** The levels in order; the detector's own levels are read by name, so a new level needs no change here. */
    static final List<String> LEVELS = List.of("none", "check", "urgent", "emergency");

    /** One line's outcome. */
    public record Judged(LabelledLines.Line line, String category, String level, Risk risk) {
        public boolean risky() {
            return category != null;
        }

        public boolean caught() {
            return rank(risk.band()) >= rank("check");
        }

        boolean levelReached() {
            return rank(risk.band()) >= rank(level);
        }

        boolean categoryRight() {
            return risk.category() != null && risk.category().code().equals(category);
        }
    }

    /** The figures the targets are stated in. */
    public record Result(List<Judged> judged) {
        public double recall(String category) {
            List<Judged> in = judged.stream().filter(j -> category.equals(j.category())).toList();
            return in.isEmpty() ? Double.NaN : (double) in.stream().filter(Judged::caught).count() / in.size();
        }

        public double overallRecall() {
            List<Judged> risky = judged.stream().filter(Judged::risky).toList();
            return risky.isEmpty() ? Double.NaN : (double) risky.stream().filter(Judged::caught).count() / risky.size();
        }

        /** Share of risky lines answered at their level or higher. */
        public double levelReached() {
            List<Judged> risky = judged.stream().filter(Judged::risky).toList();
            return risky.isEmpty() ? Double.NaN
                    : (double) risky.stream().filter(Judged::levelReached).count() / risky.size();
        }

        /** Share of negatives that got an urgent or emergency answer. */
        public double crisisFalseAlarms() {
            return negativesAt(l -> rank(l) >= rank("urgent"));
        }

        /** Share of negatives that got a check question and nothing more. */
        public double checkPrompts() {
            return negativesAt(l -> l.equals("check"));
        }

        private double negativesAt(java.util.function.Predicate<String> level) {
            List<Judged> negatives = judged.stream().filter(j -> !j.risky()).toList();
            return negatives.isEmpty() ? Double.NaN
                    : (double) negatives.stream().filter(j -> level.test(j.risk().band())).count()
                    / negatives.size();
        }
    }

    private RiskEvaluation() {
    }

    public static Result evaluate(List<LabelledLines.Line> lines, RiskDetector detector) throws IOException {
        List<Judged> judged = new ArrayList<>();
        for (LabelledLines.Line line : lines) {
            String label = line.label().toLowerCase(Locale.ROOT);
            String category = null;
            String level = "none";
            if (!label.equals("none")) {
                int colon = label.indexOf(':');
                category = colon < 0 ? label : label.substring(0, colon);
                level = colon < 0 ? "check" : label.substring(colon + 1);
                String c = category;
                if (java.util.Arrays.stream(RiskCategory.values()).noneMatch(k -> k.code().equals(c))
                        || rank(level) < rank("check")) {
                    throw new IOException("line " + line.number() + ": label must be none or category:level "
                            + "(categories " + java.util.Arrays.stream(RiskCategory.values())
                            .map(RiskCategory::code).toList() + ", levels check, urgent, emergency): " + label);
                }
            }
            judged.add(new Judged(line, category, level, detector.assess(line.text())));
        }
        return new Result(judged);
    }

    /** Prints recall per category and level, false alarms, and every miss and false alarm with its line. */
    public static void print(Result result, PrintStream out) {
        Map<String, List<Judged>> byCategory = new TreeMap<>();
        Map<String, List<Judged>> byLevel = new LinkedHashMap<>();
        LEVELS.subList(1, LEVELS.size()).forEach(l -> byLevel.put(l, new ArrayList<>()));
        List<Judged> negatives = new ArrayList<>();
        for (Judged j : result.judged()) {
            if (j.risky()) {
                byCategory.computeIfAbsent(j.category(), k -> new ArrayList<>()).add(j);
                byLevel.get(j.level()).add(j);
            } else {
                negatives.add(j);
            }
        }
        out.println("recall (check or above) by category        caught  recall  level reached  category right");
        byCategory.forEach((c, js) -> row(out, c, js));
        out.println("recall by the level the line needs");
        byLevel.forEach((l, js) -> row(out, l, js));
        row(out, "all risky", result.judged().stream().filter(Judged::risky).toList());
        long crisis = negatives.stream().filter(j -> rank(j.risk().band()) >= rank("urgent")).count();
        long checks = negatives.stream().filter(j -> j.risk().band().equals("check")).count();
        out.printf(Locale.ROOT, "negatives %d: crisis-level false alarms %d (%.1f%%), check questions %d (%.1f%%)%n",
                negatives.size(), crisis, percent(crisis, negatives.size()), checks, percent(checks,
                        negatives.size()));
        out.println("missed:");
        result.judged().stream().filter(j -> j.risky() && !j.caught()).forEach(j -> out.printf(
                "  line %d %s:%s  %s%n", j.line().number(), j.category(), j.level(), j.line().text()));
        out.println("false alarms:");
        negatives.stream().filter(Judged::caught).forEach(j -> out.printf("  line %d got %s %s  %s%n",
                j.line().number(), j.risk().band(), j.risk().category() == null ? ""
                        : j.risk().category().code(), j.line().text()));
        out.printf(Locale.ROOT, "risk recall=%.3f crisisFalseAlarms=%.3f checkPrompts=%.3f%n",
                result.overallRecall(), result.crisisFalseAlarms(), result.checkPrompts());
    }

    private static void row(PrintStream out, String name, List<Judged> js) {
        long caught = js.stream().filter(Judged::caught).count();
        long level = js.stream().filter(Judged::levelReached).count();
        long category = js.stream().filter(Judged::categoryRight).count();
        out.printf(Locale.ROOT, "  %-40s %4d/%-4d %5.3f  %5.3f          %5.3f%n", name, caught, js.size(),
                ratio(caught, js.size()), ratio(level, js.size()), ratio(category, js.size()));
    }

    static int rank(String level) {
        int i = LEVELS.indexOf(level.toLowerCase(Locale.ROOT));
        return i < 0 ? -1 : i;
    }

    private static double ratio(long n, int of) {
        return of == 0 ? Double.NaN : (double) n / of;
    }

    private static double percent(long n, int of) {
        return 100 * ratio(n, of);
    }

    /** The command: the standard detector (as the app builds it) on FILE. */
    public static int run(Path file, PrintStream out) throws IOException {
        print(evaluate(LabelledLines.read(file), RiskDetectors.standard()), out);
        return 0;
    }

    /**
     * The command for a language ("en" as {@link #run(Path, PrintStream)}): that language's detector, as
     * {@link RiskByLanguage} builds it from {@code nlp-models/<code>/risk/}, on FILE.
     */
    public static int run(Path file, String language, PrintStream out) throws IOException {
        if (language == null || language.equals(RiskByLanguage.ENGLISH)) {
            return run(file, out);
        }
        Path modelsDir = Path.of(SafetySettings.DEFAULT_TRAINING_DIR).getParent();
        if (!RiskByLanguage.languages(modelsDir).contains(language)) {
            throw new IOException("no risk lines for language '" + language + "' in " + modelsDir.resolve(language)
                    .resolve("risk").toAbsolutePath());
        }
        out.println("language: " + language);
        print(evaluate(LabelledLines.read(file), RiskByLanguage.detector(modelsDir, language)), out);
        return 0;
    }
}
