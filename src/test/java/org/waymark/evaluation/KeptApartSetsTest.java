package org.waymark.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.waymark.safety.RiskCategory;
import org.waymark.taxonomy.Need;

/**
 * The kept-apart sets in {@code nlp-models/kept-apart/} judge the models only while nothing of them is learnt: no
 * line may share five words in a row with any training line (risk lines, needs and intent examples), each set is
 * as large as issue 15 asks, and every label is one the evaluation commands read.
 */
class KeptApartSetsTest {
    static final Path KEPT_APART = Path.of("nlp-models", "kept-apart");
    static final int RUN = 5;

    /** Every run of five words in the training data, with the training line it came from. */
    static final Map<String, String> TRAINING_RUNS = new HashMap<>();

    @BeforeAll
    static void readTrainingData() throws IOException {
        List<String> lines = new ArrayList<>();
        // the calibration negatives choose a threshold: they may no more copy a kept-apart line than training may
        Path calibration = Path.of("nlp-models", "risk-calibration");
        // lines waiting for a training (seen kept-apart lines among them) may no more be copied than trained ones
        Path pending = Path.of("nlp-models", "risk-pending");
        try (Stream<Path> risk = Stream.of(Files.list(Path.of("nlp-models", "risk")),
                Files.isDirectory(calibration) ? Files.list(calibration) : Stream.<Path>empty(),
                Files.isDirectory(pending) ? Files.list(pending) : Stream.<Path>empty()).flatMap(s -> s)) {
            for (Path f : risk.filter(p -> p.toString().endsWith(".tsv") || p.toString().endsWith(".txt")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.startsWith("#") && !line.isBlank()) {
                        // TSV is label<TAB>text; the old risk-train.txt is label<space>text
                        int cut = line.contains("\t") ? line.indexOf('\t') : line.indexOf(' ');
                        lines.add(line.substring(cut + 1));
                    }
                }
            }
        }
        try (Stream<Path> yml = Files.list(Path.of("nlp-models", "training"))) {
            for (Path f : yml.filter(p -> p.toString().endsWith(".yml")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    collectStrings(new Yaml().load(in), lines);
                }
            }
        }
        for (String line : lines) {
            for (String run : runs(line)) {
                TRAINING_RUNS.putIfAbsent(run, line);
            }
        }
        assertThat(TRAINING_RUNS).as("five-word runs in the training data").hasSizeGreaterThan(1000);
    }

    @Test
    void noKeptApartLineSharesFiveWordsInARowWithATrainingLine() throws IOException {
        List<String> shared = new ArrayList<>();
        List<String> sets;
        try (Stream<Path> files = Files.list(KEPT_APART)) {
            sets = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tsv")).sorted().toList();
        }
        // every set in the folder, so a set added later is held to it too
        assertThat(sets).contains("risk.tsv", "risk-long.tsv", "needs.tsv");
        for (String set : sets) {
            for (LabelledLines.Line line : LabelledLines.read(KEPT_APART.resolve(set))) {
                for (String run : runs(line.text())) {
                    if (TRAINING_RUNS.containsKey(run)) {
                        shared.add(set + " line " + line.number() + " \"" + run + "\" is in training line: "
                                + TRAINING_RUNS.get(run));
                        break;
                    }
                }
            }
        }
        assertThat(shared).as("kept-apart lines that a model could have learnt").isEmpty();
    }

    /**
     * Every other language's kept-apart sets ({@code nlp-models/<code>/kept-apart/risk.tsv} and {@code needs.tsv})
     * against that language's training lines ({@code nlp-models/<code>/risk/} and {@code training/}): five words in
     * a row shared is a leak, as for English.
     */
    @Test
    void noOtherLanguagesKeptApartLineSharesFiveWordsInARowWithItsTrainingLines() throws IOException {
        List<String> shared = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("nlp-models"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("[a-z]{2,3}")
                    && Files.isDirectory(d.resolve("kept-apart"))).sorted().toList()) {
                Map<String, String> runs = trainingRuns(dir.resolve("risk"), dir.resolve("training"));
                for (String set : List.of("risk.tsv", "needs.tsv")) {
                    Path file = dir.resolve("kept-apart").resolve(set);
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    checked.add(dir.getFileName() + "/kept-apart/" + set);
                    for (LabelledLines.Line line : LabelledLines.read(file)) {
                        for (String run : runs(line.text())) {
                            if (runs.containsKey(run)) {
                                shared.add(dir.getFileName() + "/kept-apart/" + set + " line " + line.number() + " \""
                                        + run + "\" is in training line: " + runs.get(run));
                                break;
                            }
                        }
                    }
                }
            }
        }
        assertThat(shared).as("kept-apart lines that a model could have learnt (sets checked: " + checked + ")")
                .isEmpty();
    }

    /** Every run of five words in a language's risk lines and NLU examples, with the line it came from. */
    static Map<String, String> trainingRuns(Path riskDir, Path trainingDir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.isDirectory(riskDir)) {
            try (Stream<Path> risk = Files.list(riskDir)) {
                for (Path f : risk.filter(p -> p.toString().endsWith(".tsv") || p.toString().endsWith(".txt"))
                        .toList()) {
                    for (String line : Files.readAllLines(f)) {
                        if (!line.startsWith("#") && !line.isBlank()) {
                            int cut = line.contains("\t") ? line.indexOf('\t') : line.indexOf(' ');
                            lines.add(line.substring(cut + 1));
                        }
                    }
                }
            }
        }
        if (Files.isDirectory(trainingDir)) {
            try (Stream<Path> yml = Files.list(trainingDir)) {
                for (Path f : yml.filter(p -> p.toString().endsWith(".yml")).toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        collectStrings(new Yaml().load(in), lines);
                    }
                }
            }
        }
        Map<String, String> runs = new HashMap<>();
        for (String line : lines) {
            for (String run : runs(line)) {
                runs.putIfAbsent(run, line);
            }
        }
        return runs;
    }

    @Test
    void theRiskSetHasFourHundredRiskyAndFourHundredNegativeLinesWithLabelsTheCommandReads() throws IOException {
        Set<String> categories = new HashSet<>(Arrays.stream(RiskCategory.values()).map(RiskCategory::code).toList());
        Set<String> levels = Set.of("check", "urgent", "emergency");
        Map<String, Integer> perCategory = new HashMap<>();
        int negatives = 0;
        Set<String> texts = new HashSet<>();
        for (LabelledLines.Line line : LabelledLines.read(KEPT_APART.resolve("risk.tsv"))) {
            assertThat(texts.add(line.text().toLowerCase(Locale.ROOT))).as("line " + line.number() + " repeated")
                    .isTrue();
            if (line.label().equals("none")) {
                negatives++;
                continue;
            }
            String[] parts = line.label().split(":");
            assertThat(parts).as("line " + line.number() + " label").hasSize(2);
            assertThat(categories).as("line " + line.number() + " category").contains(parts[0]);
            assertThat(levels).as("line " + line.number() + " level").contains(parts[1]);
            perCategory.merge(parts[0], 1, Integer::sum);
        }
        assertThat(negatives).as("negatives").isGreaterThanOrEqualTo(400);
        assertThat(perCategory.values().stream().mapToInt(Integer::intValue).sum()).as("risky lines")
                .isGreaterThanOrEqualTo(400);
        assertThat(perCategory).as("risky lines per category").containsOnlyKeys(categories)
                .allSatisfy((c, n) -> assertThat(n).as(c).isGreaterThanOrEqualTo(60));
    }

    /**
     * The long messages (risk-long.tsv): a warning sign inside a story of 650 characters or more, mostly in its second
     * half, where a model that reads only a message's first words would miss it; and long hard negatives.
     */
    @Test
    void theLongRiskSetHoldsOnlyLongMessagesOfEveryCategoryAndLongNegatives() throws IOException {
        Set<String> categories = new HashSet<>(Arrays.stream(RiskCategory.values()).map(RiskCategory::code).toList());
        Map<String, Integer> perCategory = new HashMap<>();
        int negatives = 0;
        for (LabelledLines.Line line : LabelledLines.read(KEPT_APART.resolve("risk-long.tsv"))) {
            assertThat(line.text().length()).as("line " + line.number() + " length").isGreaterThanOrEqualTo(600);
            if (line.label().equals("none")) {
                negatives++;
            } else {
                String[] parts = line.label().split(":");
                assertThat(parts).as("line " + line.number() + " label").hasSize(2);
                assertThat(Set.of("check", "urgent", "emergency")).as("line " + line.number()).contains(parts[1]);
                perCategory.merge(parts[0], 1, Integer::sum);
            }
        }
        assertThat(negatives).as("long negatives").isGreaterThanOrEqualTo(40);
        assertThat(perCategory).as("long risky lines per category").containsOnlyKeys(categories)
                .allSatisfy((c, n) -> assertThat(n).as(c).isGreaterThanOrEqualTo(10));
    }

    @Test
    void theNeedsSetHasThreeHundredLinesEveryNeedAmongThem() throws IOException {
        Map<Need, Integer> perNeed = new HashMap<>();
        List<LabelledLines.Line> lines = LabelledLines.read(KEPT_APART.resolve("needs.tsv"));
        for (LabelledLines.Line line : lines) {
            if (line.label().equals("none")) {
                continue;
            }
            for (String code : line.label().split(",")) {
                Need need = Need.fromCode(code.strip()).orElseThrow(() -> new AssertionError("line "
                        + line.number() + ": unknown need " + code));
                perNeed.merge(need, 1, Integer::sum);
            }
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(300);
        assertThat(perNeed).containsOnlyKeys(Need.values())
                .allSatisfy((n, count) -> assertThat(count).as(n.code()).isGreaterThanOrEqualTo(15));
    }

    static List<String> runs(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "")
                .split("[^\\p{L}\\p{M}\\p{N}]+"); // marks too: a Bengali vowel sign is part of its word
        List<String> kept = Arrays.stream(words).filter(w -> !w.isEmpty()).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i + RUN <= kept.size(); i++) {
            out.add(String.join(" ", kept.subList(i, i + RUN)));
        }
        return out;
    }

    private static void collectStrings(Object node, List<String> out) {
        if (node instanceof String s) {
            out.add(s);
        } else if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collectStrings(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectStrings(v, out));
        }
    }
}
