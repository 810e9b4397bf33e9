package org.waymark.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled set as the evaluation commands read it: TSV with the header {@code label<TAB>text}, then one line a
 * message. Blank lines and {@code #} comments are skipped; anything else without a tab is an error naming the line.
 */
public final class LabelledLines {
    public static final String HEADER = "label\ttext";

    /** One message and its label, with its line number for reports. */
    public record Line(int number, String label, String text) {
    }

    private LabelledLines() {
    }

    /**
     * The language of a labelled set: the {@code --language=bn} flag when given, else the folder after
     * {@code nlp-models} in its path ({@code nlp-models/bn/kept-apart/risk.tsv} is Bengali), else English ("en").
     */
    public static String language(Path file, String flag) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip().toLowerCase(java.util.Locale.ROOT);
        }
        Path p = file.normalize();
        for (int i = 0; i + 1 < p.getNameCount(); i++) {
            String next = p.getName(i + 1).toString();
            if (p.getName(i).toString().equals("nlp-models") && next.matches("[a-z]{2,3}")
                    && i + 2 < p.getNameCount()) {
                return next;
            }
        }
        return "en";
    }

    /** The value of {@code --language=CODE} among command arguments, or null. */
    public static String languageFlag(String[] args) {
        for (String a : args) {
            if (a.startsWith("--language=")) {
                return a.substring("--language=".length());
            }
        }
        return null;
    }

    /** The arguments without {@code --language=...}. */
    public static String[] withoutLanguageFlag(String[] args) {
        return java.util.Arrays.stream(args).filter(a -> !a.startsWith("--language=")).toArray(String[]::new);
    }

    public static List<Line> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IOException(file + " line 1: expected the header \"label<TAB>text\"");
        }
        List<Line> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || line.indexOf('\t', tab + 1) >= 0 || line.substring(tab + 1).isBlank()) {
                throw new IOException(file + " line " + (i + 1) + ": expected label<TAB>text, got: " + line);
            }
            out.add(new Line(i + 1, line.substring(0, tab).strip(), line.substring(tab + 1).strip()));
        }
        return out;
    }
}
