package org.waymark.nlu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.waymark.taxonomy.Need;

/**
 * Multi-label need detection: one maxent model over the twelve needs plus "none", trained with each multi-need
 * sentence once per need, so a message's probability mass spreads over every need it carries. A need is reported
 * when its share reaches the threshold.
 */
final class NeedsClassifier {

    static final String NONE = "none";

    private final IntentClassifier model;
    private final double threshold;

    private NeedsClassifier(IntentClassifier model, double threshold) {
        this.model = model;
        this.threshold = threshold;
    }

    static NeedsClassifier train(TrainingData data, double threshold) {
        // everything that is not a need sentence teaches "none": greetings, yes/no, postcodes, times
        return train(EmbeddingNeeds.examples(data), threshold);
    }

    /** Trains on examples with their needs (none for a message without one), as {@link #train(TrainingData, double)}. */
    static NeedsClassifier train(List<EmbeddingNeeds.Example> labelled, double threshold) {
        List<IntentClassifier.Example> examples = new ArrayList<>();
        for (EmbeddingNeeds.Example e : labelled) {
            if (e.needs().isEmpty()) {
                examples.add(new IntentClassifier.Example(NONE, e.text()));
            }
            for (Need n : e.needs()) {
                examples.add(new IntentClassifier.Example(n.code(), e.text()));
            }
        }
        return new NeedsClassifier(IntentClassifier.train(examples), threshold);
    }

    /** The needs of a text as written. */
    Set<Need> needs(String text) {
        return needs(TextNormaliser.tokens(text));
    }

    Set<Need> needs(List<String> tokens) {
        return needs(model.features().of(tokens));
    }

    Set<Need> needs(String[] context) {
        return above(model.rankContext(context));
    }

    Set<Need> needs(long[] hashes, List<String> tokens) {
        return above(model.rankHashed(hashes, tokens));
    }

    private Set<Need> above(List<IntentScore> ranking) {
        Set<Need> out = EnumSet.noneOf(Need.class);
        for (IntentScore s : ranking) {
            if (s.confidence() < threshold) {
                break;
            }
            Need.fromCode(s.name()).ifPresent(out::add);
        }
        return out;
    }

    Features features() {
        return model.features();
    }

    double threshold() {
        return threshold;
    }

    NeedsClassifier withThreshold(double newThreshold) {
        return new NeedsClassifier(model, newThreshold);
    }

    void write(OutputStream out) throws IOException {
        model.write(out);
    }

    static NeedsClassifier read(InputStream in, double threshold) throws IOException {
        return new NeedsClassifier(IntentClassifier.read(in, Features.DEFAULT), threshold);
    }
}
