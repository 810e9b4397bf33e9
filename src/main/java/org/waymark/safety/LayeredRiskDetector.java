package org.waymark.safety;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Patterns first, the trained model as a second net that may raise (never lower) a risk. Names an age under 19
 * in the cue so the crisis reply can offer Childline.
 */
@Component
final class LayeredRiskDetector implements RiskDetector {

    /** Appended to a cue when the message mentions an age under 19; read by the crisis replies. */
    static final String UNDER_19 = " [under 19]";
    static final String MODEL_CUE = "model";

    private final TextNormaliser normaliser;
    private final RiskPatterns patterns;
    private final RiskModel model;

    @Autowired
    LayeredRiskDetector(SafetySettings settings) {
        this(new TextNormaliser(), new RiskPatterns(), RiskModel.loadOrTrain(
                RiskTraining.load(Path.of(settings.riskTrainingDir())), new TextNormaliser(),
                settings.modelThreshold()));
    }

    LayeredRiskDetector(TextNormaliser normaliser, RiskPatterns patterns, RiskModel model) {
        this.normaliser = normaliser;
        this.patterns = patterns;
        this.model = model;
    }

    @Override
    public Risk assess(String text) {
        String normalised = normaliser.normalise(text);
        if (normalised.isEmpty()) {
            return Risk.NONE;
        }
        RiskPatterns.Result result = patterns.assess(normalised);
        Risk risk;
        if (result.match() != null) {
            risk = new Risk(result.match().level(), result.match().category(), result.match().cue());
        } else if (result.denied()) {
            // The patterns read the risk words and a clear denial ("I've never self harmed"): the model may not
            // overrule a negation it cannot see.
            return Risk.NONE;
        } else {
            RiskCategory raised = model.raise(result.masked());
            if (raised == null) {
                return Risk.NONE;
            }
            risk = new Risk(RiskLevel.URGENT, raised, MODEL_CUE);
        }
        return AgeMention.under19(normalised) ? new Risk(risk.level(), risk.category(), risk.cue() + UNDER_19) : risk;
    }

    /** Patterns only, for measuring each net on its own. */
    Risk assessPatternsOnly(String text) {
        RiskPatterns.Match match = patterns.assess(normaliser.normalise(text)).match();
        return match == null ? Risk.NONE : new Risk(match.level(), match.category(), match.cue());
    }

    /** The model's own view of a message, for measuring it on its own. */
    RiskModel.Prediction modelOnly(String text) {
        return model.predict(patterns.assess(normaliser.normalise(text)).masked());
    }
}
