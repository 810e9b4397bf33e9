package org.waymark.safety;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
 * The second net: an OpenNLP document categoriser trained on the lines in {@code nlp-models/risk/}. The trained
 * model is kept beside the lines with their hash and read at start-up; when the lines changed it is retrained (and
 * saved when the folder is writable), so the app never runs a model older than its lines. It only ever raises a
 * risk the patterns missed, to urgent, when it is confident.
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

    /**
     * The stored model if it was built from exactly these lines, else a newly trained one, saved beside the lines
     * when their folder is writable (the safety module writes no logs: a retrain shows only as a slower start).
     */
    static RiskModel loadOrTrain(RiskTraining training, TextNormaliser normaliser, double threshold) {
        Optional<byte[]> stored = training.storedModel();
        if (stored.isPresent()) {
            try {
                return new RiskModel(new DoccatModel(new ByteArrayInputStream(stored.get())), threshold);
            } catch (IOException | RuntimeException e) {
                // unreadable: retrain below, and overwrite it
            }
        }
        RiskModel model = train(training.lines(), normaliser, threshold);
        if (training.dir().isPresent()) {
            try {
                training.store(model.bytes());
            } catch (IOException e) {
                // a read-only folder: the model is retrained at every start until the lines and model are committed
            }
        }
        return model;
    }

    /** The model as OpenNLP serialises it. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            model.serialize(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Trains on lines of {@code label<space>text}; labels are {@code none} or a risk category code. Text is
     * normalised with the same normaliser the detector uses.
     */
    static RiskModel train(List<String> lines, TextNormaliser normaliser, double threshold) {
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
            String label = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
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
            DoccatFactory factory = new DoccatFactory(new FeatureGenerator[] {
                new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)});
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
