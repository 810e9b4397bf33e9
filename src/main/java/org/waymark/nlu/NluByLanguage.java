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

    @Autowired
    NluByLanguage(Nlu english, NluSettings settings) {
        this(english, Path.of(settings.modelsDir()), settings.minConfidence(), settings.minMargin());
    }

    NluByLanguage(Nlu english, Path modelsDir, double minConfidence, double minMargin) {
        this.english = english;
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
        Nlu nlu = others.getOrDefault(Languages.code(code), english);
        java.util.function.BiFunction<String, Parse, Parse> c = corrections;
        return nlu != english || c == null ? nlu : new Nlu() {
            @Override
            public Parse parse(String text) {
                return c.apply(text, english.parse(text));
            }

            @Override
            public Parse parse(String text, List<String> options) {
                return c.apply(text, english.parse(text, options));
            }

            @Override
            public Set<String> intents() {
                return english.intents();
            }
        };
    }

    private volatile java.util.function.BiFunction<String, Parse, Parse> corrections;

    /**
     * Link workers' corrections (issue 20, the review module's accepted model version) applied to what the English
     * NLU understands, from the next parse on; null for none. The English NLU without them is {@link #english()}.
     */
    public void useCorrections(java.util.function.BiFunction<String, Parse, Parse> corrections) {
        this.corrections = corrections;
    }

    /** The English NLU as trained, without link workers' corrections. */
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
