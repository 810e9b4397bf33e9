package org.waymark.nlu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Where each language's data lives: English in the models folder itself ({@code nlp-models/training/}), every other
 * language in a folder named by its ISO 639 code ({@code nlp-models/bn/training/intents.yml} and {@code needs.yml},
 * {@code nlp-models/bn/risk/*.tsv}), its models beside its data. A language is one folder of files: adding one
 * needs no code. Without the models folder on disk, the copies packaged in the jar.
 */
final class Languages {

    static final String ENGLISH = "en";
    private static final Pattern CODE = Pattern.compile("[a-z]{2,3}");

    private Languages() {
    }

    /** "en" for null, blank or "en"; else the code in lower case. */
    static String code(String language) {
        return language == null || language.isBlank() ? ENGLISH : language.strip().toLowerCase(Locale.ROOT);
    }

    /** Every language other than English with training data in {@code modelsDir} (or, without it, in the jar). */
    static Set<String> others(Path modelsDir) {
        Set<String> out = new TreeSet<>();
        if (Files.isRegularFile(modelsDir.resolve(TrainingData.INTENTS_FILE))) {
            try (Stream<Path> dirs = Files.list(modelsDir)) {
                dirs.filter(d -> CODE.matcher(d.getFileName().toString()).matches() && !d.getFileName().toString()
                        .equals(ENGLISH) && Files.isRegularFile(d.resolve(TrainingData.INTENTS_FILE)))
                        .forEach(d -> out.add(d.getFileName().toString()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot list the languages in " + modelsDir, e);
            }
            return out;
        }
        try {
            for (Resource r : new PathMatchingResourcePatternResolver(Languages.class.getClassLoader())
                    .getResources("classpath*:nlp-models/*/" + TrainingData.INTENTS_FILE)) {
                String url = r.getURL().toString();
                String tail = "/" + TrainingData.INTENTS_FILE;
                String dir = url.substring(0, url.length() - tail.length());
                String code = dir.substring(dir.lastIndexOf('/') + 1);
                if (CODE.matcher(code).matches() && !code.equals(ENGLISH)) {
                    out.add(code);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** The folder of a language's data and models: the models folder for English, its code's folder otherwise. */
    static Path dir(Path modelsDir, String language) {
        String code = code(language);
        return code.equals(ENGLISH) ? modelsDir : modelsDir.resolve(code);
    }

    /** How a language's files are named in messages: "" for English, "bn/" for Bengali. */
    static String prefix(String language) {
        String code = code(language);
        return code.equals(ENGLISH) ? "" : code + "/";
    }

    /** Reads a language's files from its folder on disk, or else from the jar's copy. */
    static TrainingData.Source source(Path modelsDir, String language) {
        Path dir = dir(modelsDir, language);
        if (Files.isRegularFile(dir.resolve(TrainingData.INTENTS_FILE))) {
            return name -> Files.readAllBytes(dir.resolve(name));
        }
        String base = "nlp-models/" + prefix(language);
        return name -> {
            try (InputStream in = Languages.class.getClassLoader().getResourceAsStream(base + name)) {
                if (in == null) {
                    throw new IOException("classpath:" + base + name + " not found");
                }
                return in.readAllBytes();
            }
        };
    }

    /** Whether a language's data is on disk, where rebuilt models can be saved. */
    static boolean onDisk(Path modelsDir, String language) {
        return Files.isRegularFile(dir(modelsDir, language).resolve(TrainingData.INTENTS_FILE));
    }
}
