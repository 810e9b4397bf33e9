package org.waymark.nlu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.taxonomy.Need;

/**
 * The NLU: keyword rules, then an OpenNLP maxent intent model, multi-label needs models (maxent on character
 * n-grams and sigmoids on sentence embeddings, {@link NeedsNets}) and rule-based entities.
 * Loads its models from {@code nlp-models/} at start-up and rebuilds them there when the training data changed.
 */
@Component
class OpenNlpNlu implements Nlu {

    private static final Logger log = LoggerFactory.getLogger(OpenNlpNlu.class);

    /** Exact one-word messages that carriers and patients use as commands; they win over any model. */
    static final Map<String, String> KEYWORDS = Map.ofEntries(
            Map.entry("STOP", Intents.STOP), Map.entry("STOPALL", Intents.STOP),
            Map.entry("UNSUBSCRIBE", Intents.STOP), Map.entry("CANCEL", Intents.STOP), Map.entry("END", Intents.STOP),
            Map.entry("QUIT", Intents.STOP), Map.entry("HELP", Intents.HELP), Map.entry("INFO", Intents.HELP),
            Map.entry("START", Intents.START), Map.entry("UNSTOP", Intents.START),
            Map.entry("RESTART", Intents.RESTART), Map.entry("PERSON", Intents.REQUEST_HUMAN),
            Map.entry("MORE", Intents.MORE));

    static final java.util.regex.Pattern NOT_LETTERS = java.util.regex.Pattern.compile("[^A-Za-z]");

    /**
     * Which needs models speak: the maxent on character n-grams and words, the sigmoids on sentence embeddings
     * (optionally sentence by sentence), or either (a need either finds counts). {@link #SHIPPED} is the one
     * cross-validation chose (docs/nlu.md); the others are kept for {@code nlu compare}.
     */
    enum NeedsNets {
        CHAR_GRAMS, EMBEDDINGS, EMBEDDINGS_BY_SENTENCE, EITHER, EITHER_BY_SENTENCE;

        boolean charGrams() {
            return this == CHAR_GRAMS || this == EITHER || this == EITHER_BY_SENTENCE;
        }

        boolean embeddings() {
            return this != CHAR_GRAMS;
        }

        boolean bySentence() {
            return this == EMBEDDINGS_BY_SENTENCE || this == EITHER_BY_SENTENCE;
        }
    }

    static final NeedsNets SHIPPED = NeedsNets.EMBEDDINGS_BY_SENTENCE;

    private final NluModels models;
    private final EntityExtractor entities;
    private final double minConfidence;
    private final double minMargin;
    private final NeedsNets needsNets;
    private final SentenceEmbeddings embeddings;

    @Autowired
    OpenNlpNlu(NluSettings settings) {
        this(loadOrBuild(Path.of(settings.modelsDir())), EntityExtractor.withPackagedOutcodes(),
                settings.minConfidence(), settings.minMargin());
    }

    OpenNlpNlu(NluModels models, EntityExtractor entities, double minConfidence, double minMargin) {
        this(models, entities, minConfidence, minMargin, SHIPPED);
    }

    OpenNlpNlu(NluModels models, EntityExtractor entities, double minConfidence, double minMargin,
               NeedsNets needsNets) {
        this.models = models;
        this.entities = entities;
        this.minConfidence = minConfidence;
        this.minMargin = minMargin;
        this.needsNets = needsNets;
        this.embeddings = needsNets.embeddings() ? SentenceEmbeddings.shared() : null;
    }

    /** This NLU with a model version's heads on sentence embeddings in place of its own (issue 20). */
    OpenNlpNlu withHeads(NluHeads heads) {
        return new OpenNlpNlu(models.with(heads.intent, heads.needs), entities, minConfidence, minMargin, needsNets);
    }

    /** Its own heads on sentence embeddings. */
    NluHeads heads() {
        return new NluHeads(models.intents().embedded(), models.embeddedNeeds());
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
        List<Entity> found = entities.extract(raw, tokens, offered);
        Parse ruled = beforeModels(raw, tokens, found, models.intents().labels());
        if (ruled != null) {
            return ruled;
        }
        long[] hashes = models.intents().features().hashes(tokens);
        Set<Need> needs = EnumSet.noneOf(Need.class);
        if (needsNets.charGrams()) {
            needs.addAll(models.needs().features().equals(models.intents().features())
                    ? models.needs().needs(hashes, tokens) : models.needs().needs(tokens));
        }
        // the whole message's embedding (the risk check's, from this thread's last few); the needs' sentences are
        // embedded apart and do not push it out
        float[] vector = models.intents().usesEmbedding()
                ? (embeddings != null ? embeddings : SentenceEmbeddings.shared()).embed(raw) : null;
        if (needsNets.embeddings()) {
            needs.addAll(models.embeddedNeeds().needs(raw, embeddings, needsNets.bySentence()));
        }
        return afterModels(raw, found, !offered.isEmpty(), needs,
                () -> models.intents().rankHashed(hashes, tokens, vector), models.intents().labels(), minConfidence,
                minMargin);
    }

    /**
     * The rules before any model, for every language: a bare keyword (STOP, HELP, PERSON...) or no words at all;
     * null when the models must read the message.
     */
    static Parse beforeModels(String raw, List<String> tokens, List<Entity> found, Set<String> labels) {
        String keyword = KEYWORDS.get(NOT_LETTERS.matcher(raw).replaceAll("").toUpperCase(Locale.ROOT));
        if (keyword != null && wordCount(raw) == 1) {
            return ruled(raw, keyword, labels, Set.of(), found);
        }
        if (tokens.isEmpty()) {
            return ruled(raw, Intents.OUT_OF_SCOPE, labels, Set.of(), found);
        }
        return null;
    }

    /**
     * The rules after the models, for every language: a choice among the options offered, a postcode alone, and the
     * model's best intent unless it is unsure (then what the message plainly carries, {@link #fallback}).
     */
    static Parse afterModels(String raw, List<Entity> found, boolean optionsOffered, Set<Need> needs,
                             java.util.function.Supplier<List<IntentScore>> rank, Set<String> labels,
                             double minConfidence, double minMargin) {
        if (has(found, EntityExtractor.OPTION) && optionsOffered) {
            return ruled(raw, Intents.CHOOSE_OPTION, labels, needs, found);
        }
        List<IntentScore> ranking = rank.get();
        IntentScore best = ranking.get(0);
        double second = ranking.size() > 1 ? ranking.get(1).confidence() : 0;
        IntentScore intent = best;
        if (isPostcodeOnly(raw, found)) {
            intent = new IntentScore(Intents.INFORM, 1.0);
        } else if (best.confidence() < minConfidence || best.confidence() - second < minMargin) {
            intent = fallback(ranking, needs, found);
        }
        return new Parse(raw, intent, ranking, needs, found);
    }

    @Override
    public Set<String> intents() {
        return Intents.ALL;
    }

    /** When the model is unsure, what the message plainly carries decides; otherwise it is out of scope. */
    static IntentScore fallback(List<IntentScore> ranking, Set<Need> needs, List<Entity> found) {
        if (!needs.isEmpty() || has(found, EntityExtractor.POSTCODE) || has(found, EntityExtractor.AVAILABILITY)
                || has(found, EntityExtractor.NUMBER)) {
            return scoreOf(ranking, Intents.INFORM);
        }
        Optional<String> yesNo = found.stream().filter(e -> e.entity().equals(EntityExtractor.YES_NO))
                .map(Entity::value).findFirst();
        if (yesNo.isPresent()) {
            return scoreOf(ranking, yesNo.get().equals("yes") ? Intents.AFFIRM : Intents.DENY);
        }
        return new IntentScore(Intents.OUT_OF_SCOPE, 1 - ranking.get(0).confidence());
    }

    private static IntentScore scoreOf(List<IntentScore> ranking, String name) {
        return ranking.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElse(new IntentScore(name, 0));
    }

    static boolean isPostcodeOnly(String raw, List<Entity> found) {
        return has(found, EntityExtractor.POSTCODE) && wordCount(raw) <= 2;
    }

    /** Words separated by white space. */
    static int wordCount(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    static boolean has(List<Entity> found, String name) {
        return found.stream().anyMatch(e -> e.entity().equals(name));
    }

    private static Parse ruled(String raw, String intent, Set<String> labels, Set<Need> needs, List<Entity> found) {
        List<IntentScore> ranking = new ArrayList<>();
        ranking.add(new IntentScore(intent, 1.0));
        for (String label : labels) {
            if (!label.equals(intent)) {
                ranking.add(new IntentScore(label, 0.0));
            }
        }
        return new Parse(raw, new IntentScore(intent, 1.0), ranking, needs, found);
    }

    /**
     * The models for the data in {@code dir}, rebuilt and saved when the data changed since they were built. Without
     * the folder, the copies packaged on the classpath under {@code nlp-models/}.
     */
    /** The training data in {@code dir}, or the copy packaged on the classpath, as {@link #loadOrBuild} reads it. */
    static TrainingData trainingData(Path dir) {
        try {
            return TrainingData.load(source(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load NLU training data from " + dir.toAbsolutePath()
                    + " or the classpath", e);
        }
    }

    private static TrainingData.Source source(Path dir) {
        return Files.isRegularFile(dir.resolve(TrainingData.INTENTS_FILE))
                ? name -> Files.readAllBytes(dir.resolve(name)) : OpenNlpNlu::packaged;
    }

    static NluModels loadOrBuild(Path dir) {
        long start = System.nanoTime();
        try {
            boolean onDisk = Files.isRegularFile(dir.resolve(TrainingData.INTENTS_FILE));
            TrainingData.Source source = source(dir);
            TrainingData data = TrainingData.load(source);
            Optional<NluModels> fresh = NluModels.readIfFresh(source, data.hash());
            NluModels models;
            if (fresh.isPresent()) {
                models = fresh.get();
            } else {
                log.warn("NLU models are older than their training data ({}): rebuilding",
                        onDisk ? dir.toAbsolutePath() : "classpath:nlp-models");
                models = NluModels.train(data);
                if (onDisk) {
                    try {
                        models.write(dir);
                    } catch (IOException e) {
                        log.warn("Could not save rebuilt NLU models to {}: {}", dir.toAbsolutePath(), e.toString());
                    }
                }
            }
            log.info("NLU models ready in {} ms", (System.nanoTime() - start) / 1_000_000);
            return models;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load NLU training data from " + dir.toAbsolutePath()
                    + " or the classpath", e);
        }
    }

    private static byte[] packaged(String name) throws IOException {
        try (InputStream in = OpenNlpNlu.class.getClassLoader().getResourceAsStream("nlp-models/" + name)) {
            if (in == null) {
                throw new IOException("classpath:nlp-models/" + name + " not found");
            }
            return in.readAllBytes();
        }
    }
}
