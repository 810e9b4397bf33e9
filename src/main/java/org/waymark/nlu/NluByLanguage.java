package org.waymark.nlu;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The NLU for each language Waymark understands: English ({@link OpenNlpNlu}, on sentence embeddings) and every
 * language with a folder of training data in the models folder ({@code nlp-models/bn/training/}), whose models are
 * on words and character n-grams ({@link LanguageNlu}). Each language's models are read at start-up, or rebuilt
 * from its data when they are older than it. Adding a language is adding its folder: no code. Thread-safe.
 */
@Component
public class NluByLanguage {

    private static final Logger log = LoggerFactory.getLogger(NluByLanguage.class);

    private final Nlu english;
    private final Map<String, Nlu> others;
    private final Path modelsDir;

    @Autowired
    NluByLanguage(Nlu english, NluSettings settings) {
        this(english, Path.of(settings.modelsDir()), settings.minConfidence(), settings.minMargin());
    }

    NluByLanguage(Nlu english, Path modelsDir, double minConfidence, double minMargin) {
        this.english = english;
        this.modelsDir = modelsDir;
        Map<String, Nlu> loaded = new LinkedHashMap<>();
        EntityExtractor entities = EntityExtractor.withPackagedOutcodes();
        for (String code : Languages.others(modelsDir)) {
            loaded.put(code, new LanguageNlu(code, LanguageNlu.loadOrBuild(modelsDir, code), entities, minConfidence,
                    minMargin, LanguageNlu.entityWords(Languages.source(modelsDir, code), Languages.prefix(code))));
        }
        this.others = Collections.unmodifiableMap(loaded);
        log.info("NLU languages: {}", languages());
    }

    /**
     * The English NLU and those of the other languages in {@code modelsDir}, with the default settings; for tests
     * and tools that run without Spring.
     */
    public static NluByLanguage load(Path modelsDir) {
        double minConfidence = Double.parseDouble(NluSettings.DEFAULT_MIN_CONFIDENCE);
        double minMargin = Double.parseDouble(NluSettings.DEFAULT_MIN_MARGIN);
        return new NluByLanguage(new OpenNlpNlu(OpenNlpNlu.loadOrBuild(modelsDir),
                EntityExtractor.withPackagedOutcodes(), minConfidence, minMargin), modelsDir, minConfidence,
                minMargin);
    }

    /** The NLU of a language by its ISO 639-1 code ("bn"); English for null, "en" or a language it lacks. */
    public Nlu forLanguage(String code) {
        return forLanguage(code, null);
    }

    /**
     * As {@link #forLanguage(String)}, for a message to {@code practice}: English with that practice's model
     * version ({@link #use}) when it has one in use, else as shipped. Practice A's corrections never read practice
     * B's messages.
     */
    public Nlu forLanguage(String code, String practice) {
        Nlu nlu = others.getOrDefault(Languages.code(code), english);
        if (nlu != english || practice == null) {
            return nlu;
        }
        return byPractice.getOrDefault(practice, english);
    }

    /** English with a practice's model version's heads, by practice. */
    private final Map<String, Nlu> byPractice = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A practice's model version (issue 20, the review module's gate): its heads read that practice's English
     * messages from the next parse on; null for the heads as shipped.
     */
    public void use(String practice, NluHeads heads) {
        if (heads == null) {
            byPractice.remove(practice);
        } else {
            byPractice.put(practice, englishWith(heads));
        }
    }

    /** The English NLU with these heads, for scoring a candidate version before it is used. */
    public Nlu englishWith(NluHeads heads) {
        if (!(english instanceof OpenNlpNlu own)) {
            throw new IllegalStateException("the English NLU has no heads to replace");
        }
        return own.withHeads(heads);
    }

    /** A model version's heads from their bytes ({@link NluHeads#bytes}), over the English NLU's shipped heads. */
    public NluHeads readHeads(byte[] bytes) throws java.io.IOException {
        return NluHeads.read(bytes, english instanceof OpenNlpNlu own ? own.heads() : null);
    }

    /** The English heads as shipped (trained by {@code nlu train}). */
    public NluHeads shippedHeads() {
        if (!(english instanceof OpenNlpNlu own)) {
            throw new IllegalStateException("the English NLU has no heads");
        }
        return own.heads();
    }

    /**
     * A retrain: the shipped heads trained on over the shared training lines (in the models folder, or the
     * packaged copy; their embeddings worked out once per JVM) plus these corrections ({@link NluHeads}).
     */
    public NluHeads retrain(List<NluHeads.Lesson> lessons, NluHeads.Settings settings) {
        TrainingData data = shared;
        if (data == null) {
            data = OpenNlpNlu.trainingData(modelsDir);
            shared = data;
        }
        return NluHeads.retrain(shippedHeads(), data, lessons, settings);
    }

    private volatile TrainingData shared;

    /** The English NLU as shipped, without any practice's model version. */
    public Nlu english() {
        return english;
    }

    /**
     * The text with every script's decimal digits as 0-9 ("১৫" is "15"), for code that reads numbers from a
     * patient's own words (ages, times) with {@code \d}, which matches 0-9 only.
     */
    public static String asciiDigits(String text) {
        return TextNormaliser.asciiDigits(text);
    }

    /** "en" and every language with training data, by code. */
    public Set<String> languages() {
        Set<String> out = new TreeSet<>(others.keySet());
        out.add(Languages.ENGLISH);
        return Collections.unmodifiableSet(out);
    }
}
