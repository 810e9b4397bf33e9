package org.waymark.nlu;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): how the romanised-language models do on
 * lines they never learnt from. The kept-apart sets are counted only, never shown: English lines read as another
 * language, and Latin-script lines of each language's kept-apart sets named that language. The English dialog's
 * quick replies, which patients echo, are listed when misread (they are the bot's own words, not kept apart).
 * {@code mvn -o -q test -Dtest=LanguageGuessMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; lines start
 * "LANGUAGES".
 */
class LanguageGuessMeasurement {

    @Test
    void measure() throws Exception {
        Path models = Path.of("nlp-models");
        LatinScriptLanguages latin = LatinScriptLanguages.train(models);
        for (LatinScriptLanguages.Model m : latin.models()) {
            System.out.printf(Locale.ROOT, "LANGUAGES %s: %d English and %d Latin-script lines, threshold %.4f,"
                    + " out of fold %.3f named, %.2f%% of English misread%n", m.language(), m.englishLines(),
                    m.otherLines(), m.threshold(), m.recall(), 100 * m.englishMisread());
        }
        List<String> english = new ArrayList<>();
        try (var files = Files.list(models.resolve("kept-apart"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                english.addAll(texts(f));
            }
        }
        long misread = english.stream().filter(t -> latin.languageOf(t).isPresent()).count();
        System.out.printf(Locale.ROOT, "LANGUAGES kept-apart English: %d of %d read as another language%n", misread,
                english.size());
        for (String code : Languages.others(models)) {
            Path dir = Languages.dir(models, code).resolve("kept-apart");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<String> theirs = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                    texts(f).stream().filter(LatinScriptLanguages::isLatin).forEach(theirs::add);
                }
            }
            long named = theirs.stream().filter(t -> latin.languageOf(t).filter(code::equals).isPresent()).count();
            System.out.printf(Locale.ROOT, "LANGUAGES kept-apart %s in Latin letters: %d of %d named %s%n", code,
                    named, theirs.size(), code);
        }
        List<String> options = new ArrayList<>();
        Map<String, Object> dialog = new Yaml().load(Files.readString(Path.of("dialogs/self-referral.yaml"),
                StandardCharsets.UTF_8));
        ((Map<?, ?>) dialog.get("messages")).values().forEach(m -> {
            Object o = ((Map<?, ?>) m).get("options");
            if (o instanceof List<?> list) {
                list.forEach(x -> {
                    if (!options.contains(String.valueOf(x))) {
                        options.add(String.valueOf(x));
                    }
                });
            }
        });
        List<String> wrong = options.stream().filter(o -> latin.languageOf(o).isPresent())
                .map(o -> o + " -> " + latin.languageOf(o).orElseThrow()).toList();
        System.out.printf(Locale.ROOT, "LANGUAGES the dialog's %d English quick replies: %d read as another language %s%n",
                options.size(), wrong.size(), wrong);
    }

    /** A set's texts: the last tab-separated column of each line but the header and comments. */
    private static List<String> texts(Path file) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.substring(line.lastIndexOf('\t') + 1));
            }
        }
        return out;
    }
}
