package org.waymark.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * An OpenNLP document categoriser trained on the lines in {@code nlp-models/risk/}, on words and word pairs (the
 * second net before issue 15, and still part of {@link RiskNet}) or with character 3-5-grams too (a variant
 * {@code nlu compare} measures). It only ever raises a risk the patterns missed, to urgent, when it is confident
 * ({@link #raise}).
 */
final class RiskModel {

    static final String NONE = "none";

    private final DoccatModel model;
    private final double threshold;
    // DocumentCategorizerME keeps no documented thread-safety promise; one per thread is cheap.
    private final ThreadLocal<DocumentCategorizerME> categorizer;

    private RiskModel(DoccatModel model, double threshold) {
        this.model = model;
        this.threshold = threshold;
        this.categorizer = ThreadLocal.withInitial(() -> new DocumentCategorizerME(this.model));
    }

    /** The model as OpenNLP serialises it, without the time it was trained ({@link StableZip}). */
    byte[] bytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            model.serialize(out);
            return StableZip.of(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model from the bytes {@link #bytes()} wrote. */
    static RiskModel read(byte[] bytes, double threshold) throws IOException {
        return new RiskModel(new DoccatModel(new java.io.ByteArrayInputStream(bytes)), threshold);
    }

    /**
     * Trains on lines of {@code label<space>text}; labels are {@code none}, a risk category code or
     * {@code category:level} (the level is ignored here). Text is
     * normalised with the same normaliser the detector uses.
     */
    static RiskModel train(List<String> lines, TextNormaliser normaliser, double threshold) {
        return train(lines, normaliser, threshold, false);
    }

    /**
     * As {@link #train(List, TextNormaliser, double)}; with {@code charGrams} the words' character 3- to 5-grams
     * are features too (the variant the comparison measures, docs/nlu.md).
     */
    static RiskModel train(List<String> lines, TextNormaliser normaliser, double threshold, boolean charGrams) {
        List<DocumentSample> samples = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("risk training line has no text: " + trimmed);
            }
            // a category:level label teaches the category: this model only ever raises to urgent
            String label = trimmed.substring(0, space).toLowerCase(Locale.ROOT).replaceFirst(":.*", "");
            if (!label.equals(NONE) && category(label) == null) {
                throw new IllegalArgumentException("unknown risk training label: " + label);
            }
            String[] tokens = tokens(normaliser.normalise(trimmed.substring(space + 1)));
            if (tokens.length > 0) {
                samples.add(new DocumentSample(label, tokens));
            }
        }
        TrainingParameters params = TrainingParameters.defaultParams();
        params.put(TrainingParameters.ITERATIONS_PARAM, 200);
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        try {
            FeatureGenerator[] generators = charGrams
                    ? new FeatureGenerator[] {new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2),
                        new CharGramFeatures()}
                    : new FeatureGenerator[] {new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)};
            DoccatFactory factory = new DoccatFactory(generators);
            DoccatModel model = DocumentCategorizerME.train("en", ObjectStreamUtils.createObjectStream(samples),
                    params, factory);
            return new RiskModel(model, threshold);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The category the model is confident of, or null for none or not sure. */
    Prediction predict(String normalised) {
        String[] tokens = tokens(normalised);
        if (tokens.length == 0) {
            return null;
        }
        DocumentCategorizerME me = categorizer.get();
        double[] outcomes = me.categorize(tokens);
        String best = me.getBestCategory(outcomes);
        double p = outcomes[me.getIndex(best)];
        return new Prediction(best.equals(NONE) ? null : category(best), p);
    }

    /** Raises only: a confident risky category, else null. */
    RiskCategory raise(String normalised) {
        Prediction prediction = predict(normalised);
        return prediction != null && prediction.category() != null && prediction.probability() >= threshold
                ? prediction.category() : null;
    }

    record Prediction(RiskCategory category, double probability) {
    }

    /**
     * The chance of any risk (one minus that of {@code none}) and the likeliest risky category, as the comparison
     * bands every net; this model knows no levels, so the level is urgent.
     */
    RiskNet.Judgement judge(String normalised) {
        String[] tokens = tokens(normalised);
        if (tokens.length == 0) {
            return new RiskNet.Judgement(0, RiskCategory.SUICIDE_SELF_HARM, 0, RiskNet.URGENT);
        }
        DocumentCategorizerME me = categorizer.get();
        double[] outcomes = me.categorize(tokens);
        RiskCategory best = null;
        double bestP = -1;
        double none = 0;
        for (int i = 0; i < outcomes.length; i++) {
            String label = me.getCategory(i);
            if (label.equals(NONE)) {
                none = outcomes[i];
            } else if (outcomes[i] > bestP) {
                bestP = outcomes[i];
                best = category(label);
            }
        }
        return new RiskNet.Judgement(1 - none, best, bestP, RiskNet.URGENT);
    }

    private static String[] tokens(String normalised) {
        String words = normalised.replace(TextNormaliser.BREAK, " ").trim();
        return words.isEmpty() ? new String[0] : words.split("\\s+");
    }

    private static RiskCategory category(String code) {
        for (RiskCategory c : RiskCategory.values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return null;
    }
}
