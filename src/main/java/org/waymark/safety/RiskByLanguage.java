package org.waymark.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The risk check for each language: English is today's detector ({@link LayeredRiskDetector}: patterns, the words
 * net and the net on sentence embeddings), unchanged; every other language with risk lines in its folder beside the
 * English ones ({@code nlp-models/bn/risk/*.tsv}) gets a learned net on them with the same levels and bands
 * ({@link LanguageRiskDetector}), read from beside its lines or retrained there when older than them. A language
 * without risk lines of its own gets the English detector. Adding a language is adding its folder: no code.
 * Thread-safe.
 */
@Component
public class RiskByLanguage {

    static final String ENGLISH = "en";
    private static final Pattern CODE = Pattern.compile("[a-z]{2,3}");

    private final RiskDetector english;
    private final Map<String, RiskDetector> others;

    @Autowired
    RiskByLanguage(RiskDetector english, SafetySettings settings) {
        this(english, modelsDir(Path.of(settings.riskTrainingDir())));
    }

    RiskByLanguage(RiskDetector english, Path modelsDir) {
        this.english = english;
        Map<String, RiskDetector> loaded = new LinkedHashMap<>();
        for (String code : languages(modelsDir)) {
            loaded.put(code, detector(modelsDir, code));
        }
        this.others = Collections.unmodifiableMap(loaded);
    }

    /** Today's English detector and the other languages' in {@code modelsDir}, without Spring (tests, tools). */
    public static RiskByLanguage load(Path modelsDir) {
        return new RiskByLanguage(RiskDetectors.fromTrainingDir(modelsDir.resolve("risk")), modelsDir);
    }

    /** The risk check of a language by its ISO 639-1 code; English for null, "en" or a language without lines. */
    public RiskDetector forLanguage(String code) {
        return forLanguage(code, null);
    }

    /**
     * As {@link #forLanguage(String)}, for a message to {@code practice}: English with the net of that practice's
     * model version ({@link #use}) when it has one in use, else as shipped.
     */
    public RiskDetector forLanguage(String code, String practice) {
        RiskDetector d = code == null ? english
                : others.getOrDefault(code.strip().toLowerCase(java.util.Locale.ROOT), english);
        if (d != english || practice == null) {
            return d;
        }
        return byPractice.getOrDefault(practice, english);
    }

    private final Map<String, RiskDetector> byPractice = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A practice's model version's risk net, approved by a clinical safety officer through the review module's
     * gate (issue 20), reading that practice's English messages from the next one on; null for the net as shipped.
     */
    public void use(String practice, RiskHeads heads) {
        if (heads == null) {
            byPractice.remove(practice);
        } else {
            byPractice.put(practice, englishWith(heads));
        }
    }

    /** The English risk check with this net, for scoring a candidate version before it is used. */
    public RiskDetector englishWith(RiskHeads heads) {
        return layered().withHeads(heads);
    }

    /** The English net on sentence embeddings as shipped. */
    public RiskHeads shippedHeads() {
        return layered().heads();
    }

    /** A model version's risk check: the shipped net with these corrections ({@link RiskHeads}). */
    public RiskHeads retrain(List<RiskHeads.Lesson> lessons) {
        return RiskHeads.withLessons(shippedHeads(), lessons);
    }

    private LayeredRiskDetector layered() {
        if (!(english instanceof LayeredRiskDetector own)) {
            throw new IllegalStateException("the English risk check has no net to replace");
        }
        return own;
    }

    /** The English risk check as shipped, without any practice's model version. */
    public RiskDetector english() {
        return english;
    }

    /** "en" and every language with risk lines of its own. */
    public Set<String> languages() {
        Set<String> out = new TreeSet<>(others.keySet());
        out.add(ENGLISH);
        return Collections.unmodifiableSet(out);
    }

    /** The models folder: the English risk folder's parent ({@code nlp-models} for {@code nlp-models/risk}). */
    static Path modelsDir(Path englishRiskDir) {
        Path parent = englishRiskDir.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** Every language other than English with risk lines in {@code modelsDir/<code>/risk}, or in the jar's copy. */
    static Set<String> languages(Path modelsDir) {
        Set<String> out = new TreeSet<>();
        if (Files.isDirectory(modelsDir.resolve("risk"))) {
            try (Stream<Path> dirs = Files.list(modelsDir)) {
                dirs.filter(d -> CODE.matcher(d.getFileName().toString()).matches()
                        && !d.getFileName().toString().equals(ENGLISH) && hasLines(d.resolve("risk")))
                        .forEach(d -> out.add(d.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
        try {
            for (Resource r : new PathMatchingResourcePatternResolver(RiskByLanguage.class.getClassLoader())
                    .getResources("classpath*:nlp-models/*/risk/*.tsv")) {
                String[] parts = r.getURL().toString().split("/");
                String code = parts.length >= 3 ? parts[parts.length - 3] : "";
                if (CODE.matcher(code).matches() && !code.equals(ENGLISH)) {
                    out.add(code);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean hasLines(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".tsv") || f.toString().endsWith(".txt"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A language's detector: its net read from beside its lines when built from them, else trained (minutes) and
     * saved there when the folder is writable. Like the rest of the safety module it writes no logs.
     */
    static LanguageRiskDetector detector(Path modelsDir, String code) {
        RiskTraining training = training(modelsDir, code);
        RiskPhrases phrases = phrases(training, code);
        LanguageRiskNet net = null;
        var stored = training.stored(LanguageRiskNet.STORED);
        if (stored.isPresent()) {
            try {
                net = LanguageRiskNet.read(stored.get(), report(training));
            } catch (IOException | RuntimeException e) {
                // unreadable: retrained below, and overwritten
            }
        }
        if (net == null) {
            net = LanguageRiskNet.train(training.lines(), phrases, code);
            if (training.dir().isPresent()) {
                try {
                    store(training, net);
                } catch (IOException e) {
                    // a read-only folder: retrained at every start until the lines and net are committed
                }
            }
        }
        return new LanguageRiskDetector(code, phrases, net);
    }

    static RiskTraining training(Path modelsDir, String code) {
        return RiskTraining.load(modelsDir.resolve(code).resolve("risk"), "nlp-models/" + code + "/risk/");
    }

    static RiskPhrases phrases(RiskTraining training, String code) {
        try {
            return RiskPhrases.parse(training.read(RiskPhrases.FILE), code + "/risk/" + RiskPhrases.FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String report(RiskTraining training) {
        try {
            byte[] bytes = training.read(LanguageRiskNet.REPORT_FILE);
            return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static void store(RiskTraining training, LanguageRiskNet net) throws IOException {
        training.store(LanguageRiskNet.STORED, net.bytes());
        Path dir = training.dir().orElseThrow();
        Files.writeString(dir.resolve(LanguageRiskNet.REPORT_FILE), net.report(), StandardCharsets.UTF_8);
    }
}
