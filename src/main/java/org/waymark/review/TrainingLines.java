package org.waymark.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Corrections as training lines in the formats of {@code nlp-models/}: {@code intents.yml}, {@code needs.yml} and a
 * risk TSV ({@code category:level} or {@code none}, then the text). A correction whose words share five words in a
 * row with a line of the kept-apart sets ({@code nlp-models/kept-apart/}) is dropped, and counted, so the sets the
 * gate scores on stay unseen (the rule {@code KeptApartSetsTest} holds the shared training lines to).
 */
final class TrainingLines {
    static final int SHARED_RUN = 5;

    /** The usable lines of a set of corrections, and how many were dropped and why. */
    record Lines(Map<String, List<String>> intents, Map<List<String>, List<String>> needs, List<String[]> risk,
                 int leaked, int noText) {
        boolean isEmpty() {
            return intents.isEmpty() && needs.isEmpty() && risk.isEmpty();
        }
    }

    private final Set<String> keptApartRuns;

    TrainingLines(Set<String> keptApartRuns) {
        this.keptApartRuns = keptApartRuns;
    }

    /** The five-word runs of every line of the kept-apart sets in {@code dir} (needs.tsv, risk.tsv). */
    static TrainingLines keptApartIn(Path dir) {
        Set<String> runs = new HashSet<>();
        for (String name : List.of("needs.tsv", "risk.tsv")) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException("The kept-apart set " + f + " is missing: corrections cannot be "
                        + "checked against it, so none is used.");
            }
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab > 0 && !line.startsWith("label\t")) {
                        runs.addAll(runs(line.substring(tab + 1)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TrainingLines(runs);
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).replace("\u2019", "'").split("[^\\p{L}\\p{N}']+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** The text's runs of five words, or the whole text when it has fewer. */
    static Set<String> runs(String text) {
        List<String> w = words(text);
        Set<String> runs = new HashSet<>();
        if (w.size() < SHARED_RUN) {
            runs.add(String.join(" ", w));
            return runs;
        }
        for (int i = 0; i + SHARED_RUN <= w.size(); i++) {
            runs.add(String.join(" ", w.subList(i, i + SHARED_RUN)));
        }
        return runs;
    }

    boolean copiesKeptApart(String text) {
        for (String run : runs(text)) {
            if (keptApartRuns.contains(run)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ownWordsOnly}: the shared export, which never carries a patient's own words. */
    Lines of(Collection<Correction> corrections, boolean ownWordsOnly) {
        Map<String, List<String>> intents = new TreeMap<>();
        Map<List<String>, List<String>> needs = new java.util.LinkedHashMap<>();
        List<String[]> risk = new ArrayList<>();
        int leaked = 0;
        int noText = 0;
        for (Correction c : corrections) {
            String text = ownWordsOnly ? c.ownWords() : c.trainingText();
            if (text == null || text.isBlank()) {
                noText++;
                continue;
            }
            text = text.strip().replaceAll("\\s+", " ");
            if (copiesKeptApart(text)) {
                leaked++;
                continue;
            }
            if (c.intent() != null) {
                intents.computeIfAbsent(c.intent(), k -> new ArrayList<>()).add(text);
            }
            if (c.needs() != null && !c.needs().isEmpty()) {
                needs.computeIfAbsent(c.needs().stream().sorted().toList(), k -> new ArrayList<>()).add(text);
            }
            if (c.risk()) {
                risk.add(new String[] {c.riskCategory() + ":" + c.riskLevel(), text});
            } else if (c.notRisk()) {
                risk.add(new String[] {"none", text});
            }
        }
        return new Lines(intents, needs, risk, leaked, noText);
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String intentsYaml(Lines l) {
        StringBuilder b = new StringBuilder("intents:\n");
        l.intents().forEach((intent, texts) -> {
            b.append("  ").append(intent).append(":\n");
            texts.forEach(t -> b.append("    - ").append(quoted(t)).append('\n'));
        });
        return b.toString();
    }

    static String needsYaml(Lines l) {
        StringBuilder b = new StringBuilder("needs:\n");
        l.needs().forEach((codes, texts) -> {
            b.append("  - needs: [").append(String.join(", ", codes)).append("]\n    examples:\n");
            texts.forEach(t -> b.append("      - ").append(quoted(t)).append('\n'));
        });
        return b.toString();
    }

    static String riskTsv(Lines l) {
        StringBuilder b = new StringBuilder("label\ttext\n");
        l.risk().forEach(r -> b.append(r[0]).append('\t').append(r[1].replace('\t', ' ')).append('\n'));
        return b.toString();
    }
}
