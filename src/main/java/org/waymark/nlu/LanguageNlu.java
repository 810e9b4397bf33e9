package org.waymark.nlu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NLU of a language other than English ({@link LanguageModels}: intents and needs on words and character
 * n-grams), with the same keyword rules, entities and fallbacks as the English one ({@link OpenNlpNlu}): postcodes,
 * numbers and options by rule, every script's digits read as 0-9, an option picked by its label in the language
 * ("হ্যাঁ") or by its number ("২"), and every number naming an option when several are ("1 ar 4"). Thread-safe.
 */
final class LanguageNlu implements Nlu {

    private static final Logger log = LoggerFactory.getLogger(LanguageNlu.class);

    /** A language's optional glossary for the entity rules, beside its training data. */
    static final String ENTITY_WORDS_FILE = "training/entity-words.yml";

    private final String language;
    private final LanguageModels models;
    private final EntityExtractor entities;
    private final double minConfidence;
    private final double minMargin;
    /** Words of the language read as the English words the entity rules know ("shombar" as "monday"). */
    private final Map<String, String> entityWords;

    LanguageNlu(String language, LanguageModels models, EntityExtractor entities, double minConfidence,
                double minMargin) {
        this(language, models, entities, minConfidence, minMargin, Map.of());
    }

    LanguageNlu(String language, LanguageModels models, EntityExtractor entities, double minConfidence,
                double minMargin, Map<String, String> entityWords) {
        this.language = language;
        this.models = models;
        this.entities = entities;
        this.minConfidence = minConfidence;
        this.minMargin = minMargin;
        this.entityWords = Map.copyOf(entityWords);
    }

    /**
     * A language's glossary for the entity rules ({@value #ENTITY_WORDS_FILE}: {@code words:} a map of the
     * language's words to English ones: days, times of day, "free", "wheelchair"), or none without the file. Data,
     * not code: the English rules then read the times and needs a patient gives in the language.
     */
    static Map<String, String> entityWords(TrainingData.Source source, String prefix) {
        byte[] bytes;
        try {
            bytes = source.read(ENTITY_WORDS_FILE);
        } catch (IOException e) {
            return Map.of();
        }
        Object root = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                new org.yaml.snakeyaml.LoaderOptions())).load(new String(bytes,
                java.nio.charset.StandardCharsets.UTF_8));
        if (!(root instanceof Map<?, ?> map) || !(map.get("words") instanceof Map<?, ?> words)) {
            throw new IllegalStateException(prefix + ENTITY_WORDS_FILE + ": expected a top-level 'words:' map");
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (var e : words.entrySet()) {
            List<String> from = TextNormaliser.tokens(String.valueOf(e.getKey()));
            String to = String.join(" ", TextNormaliser.tokens(String.valueOf(e.getValue())));
            if (from.size() != 1 || to.isEmpty()) {
                throw new IllegalStateException(prefix + ENTITY_WORDS_FILE + ": '" + e.getKey() + "' must be one "
                        + "word with an English word or words");
            }
            out.put(from.get(0), to);
        }
        return out;
    }

    String language() {
        return language;
    }

    LanguageModels models() {
        return models;
    }

    @Override
    public Parse parse(String text) {
        return parse(text, List.of());
    }

    @Override
    public Parse parse(String text, List<String> options) {
        String raw = text == null ? "" : text;
        List<String> offered = options == null ? List.of() : options;
        List<String> tokens = TextNormaliser.tokens(raw);
        List<Entity> found = new ArrayList<>(entities.extract(raw, tokens, offered));
        glossed(tokens, found);
        if (!offered.isEmpty()) {
            moreOptions(tokens, offered.size(), found);
        }
        Parse ruled = OpenNlpNlu.beforeModels(raw, tokens, found, models.intentLabels());
        if (ruled != null) {
            return ruled;
        }
        return OpenNlpNlu.afterModels(raw, found, !offered.isEmpty(), models.needs(raw),
                () -> models.rankIntents(raw, tokens), models.intentLabels(), minConfidence, minMargin);
    }

    /**
     * The times, cost and access the English rules read in the message with its words glossed in English
     * ("shombar shokale" as "monday morning"), where the message itself gave none of that kind.
     */
    private void glossed(List<String> tokens, List<Entity> found) {
        if (entityWords.isEmpty()) {
            return;
        }
        List<String> english = new ArrayList<>(tokens.size());
        boolean changed = false;
        for (String t : tokens) {
            String e = entityWords.get(t);
            changed |= e != null;
            english.addAll(e == null ? List.of(t) : List.of(e.split(" ")));
        }
        if (!changed) {
            return;
        }
        List<Entity> more = entities.extract(String.join(" ", english), english, List.of());
        for (String kind : List.of(EntityExtractor.AVAILABILITY, EntityExtractor.COST, EntityExtractor.ACCESS)) {
            if (found.stream().noneMatch(e -> e.entity().equals(kind))) {
                more.stream().filter(e -> e.entity().equals(kind)).forEach(found::add);
            }
        }
    }

    /**
     * "1 ar 4", "২ আর ৩": with options offered, a short message of two or more numbers that name options (half its
     * words or more) chooses each of them, in the order written.
     */
    private static void moreOptions(List<String> tokens, int count, List<Entity> found) {
        List<String> numbers = new ArrayList<>();
        for (String t : tokens) {
            if (t.length() <= 2 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                int n = Integer.parseInt(t);
                if (n >= 1 && n <= count && !numbers.contains(Integer.toString(n))) {
                    numbers.add(Integer.toString(n));
                }
            }
        }
        if (numbers.size() > 1 && numbers.size() * 2 >= tokens.size()) {
            found.removeIf(e -> e.entity().equals(EntityExtractor.OPTION));
            numbers.forEach(n -> found.add(new Entity(EntityExtractor.OPTION, n)));
        }
    }

    @Override
    public Set<String> intents() {
        return Intents.ALL;
    }

    /**
     * A language's models from its folder in {@code modelsDir} (or the jar's copy), rebuilt and saved there when its
     * data changed since they were built.
     */
    static LanguageModels loadOrBuild(Path modelsDir, String language) {
        long start = System.nanoTime();
        try {
            TrainingData.Source source = Languages.source(modelsDir, language);
            TrainingData data = TrainingData.load(source, Languages.prefix(language));
            String hash = LanguageModels.hash(data);
            Optional<LanguageModels> fresh = LanguageModels.readIfFresh(source, hash);
            if (fresh.isPresent()) {
                return fresh.get();
            }
            boolean onDisk = Languages.onDisk(modelsDir, language);
            log.warn("NLU models for {} are older than their training data: rebuilding (cross-validating the "
                    + "candidates first)", language);
            LanguageModels models = LanguageModels.train(data, language);
            if (onDisk) {
                try {
                    models.write(Languages.dir(modelsDir, language));
                } catch (IOException e) {
                    log.warn("Could not save rebuilt {} NLU models: {}", language, e.toString());
                }
            }
            log.info("NLU models for {} ready in {} ms", language, (System.nanoTime() - start) / 1_000_000);
            return models;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the " + language + " NLU training data", e);
        }
    }
}
