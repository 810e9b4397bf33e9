package org.waymark.review;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.nlu.IntentScore;
import org.waymark.nlu.Parse;
import org.waymark.safety.Risk;
import org.waymark.safety.RiskCategory;
import org.waymark.safety.RiskLevel;
import org.waymark.taxonomy.Need;

/**
 * What a model version learnt from link workers' corrections: each corrected message's sentence embedding
 * (all-MiniLM-L6-v2, as the needs and risk nets use) with its right labels. A message whose embedding is within
 * {@link #NEAR} (cosine) of a corrected one is understood as the correction says: the right intent and needs, and,
 * only in a version whose risk corrections a clinical safety officer approved, the right risk or none. Messages
 * further from every correction are understood by the trained models, unchanged. Immutable, thread-safe.
 */
final class CorrectionModel {
    /** How close a message must be to a corrected one to take its labels: near-paraphrases only. */
    static final double NEAR = 0.9;

    private record Example(float[] vector, Correction correction) {
    }

    private final List<Example> examples;
    private final boolean withRisk;

    private CorrectionModel(List<Example> examples, boolean withRisk) {
        this.examples = examples;
        this.withRisk = withRisk;
    }

    /** {@code withRisk}: risk and not-risk corrections count too (a CSO approved them). */
    static CorrectionModel of(List<Correction> corrections, boolean withRisk) {
        List<Correction> usable = corrections.stream().filter(c -> c.trainingText() != null).toList();
        List<float[]> vectors = usable.isEmpty() ? List.of() : SentenceEmbeddings.shared().embedAll(
                usable.stream().map(c -> c.trainingText().strip()).toList());
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            examples.add(new Example(vectors.get(i), usable.get(i)));
        }
        return new CorrectionModel(List.copyOf(examples), withRisk);
    }

    int size() {
        return examples.size();
    }

    boolean hasRisk() {
        return withRisk && examples.stream().anyMatch(e -> e.correction().risk() || e.correction().notRisk());
    }

    private Correction nearest(String text, boolean risk) {
        if (examples.isEmpty() || text == null || text.isBlank()) {
            return null;
        }
        float[] v = SentenceEmbeddings.shared().embed(text);
        Correction best = null;
        double bestScore = NEAR;
        for (Example e : examples) {
            Correction c = e.correction();
            boolean relevant = risk ? c.risk() || c.notRisk() : c.intent() != null || c.needs() != null;
            if (!relevant) {
                continue;
            }
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * e.vector()[i];
            }
            if (dot >= bestScore) {
                bestScore = dot;
                best = c;
            }
        }
        return best;
    }

    Parse apply(String text, Parse parse) {
        Correction c = nearest(text, false);
        if (c == null) {
            return parse;
        }
        IntentScore intent = c.intent() != null ? new IntentScore(c.intent(), 1.0) : parse.intent();
        Set<Need> needs = parse.needs();
        if (c.needs() != null) {
            Set<Need> right = EnumSet.noneOf(Need.class);
            c.needs().forEach(code -> Need.fromCode(code).ifPresent(right::add));
            needs = right;
        }
        return new Parse(parse.text(), intent, parse.ranking(), needs, parse.entities());
    }

    Risk apply(String text, Risk risk) {
        if (!withRisk) {
            return risk;
        }
        Correction c = nearest(text, true);
        if (c == null) {
            return risk;
        }
        if (c.notRisk()) {
            return Risk.NONE;
        }
        return new Risk(RiskLevel.valueOf(c.riskLevel().toUpperCase(Locale.ROOT)),
                RiskCategory.valueOf(c.riskCategory().toUpperCase(Locale.ROOT)), "a link worker's correction");
    }
}
