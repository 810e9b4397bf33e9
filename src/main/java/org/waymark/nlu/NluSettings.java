package org.waymark.nlu;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * NLU settings.
 *
 * @param modelsDir     where the training data and models live ({@code WAYMARK_NLU_MODELS_DIR}); when the folder
 *                      is missing the copies packaged in the jar are used
 * @param minConfidence below this best-intent probability the intent is {@code out_of_scope}
 *                      ({@code WAYMARK_NLU_MIN_CONFIDENCE})
 * @param minMargin     when the two best intents are closer than this the intent is {@code out_of_scope}
 *                      ({@code WAYMARK_NLU_MIN_MARGIN})
 */
@ConfigurationProperties("waymark.nlu")
record NluSettings(@DefaultValue("nlp-models") String modelsDir,
                   @DefaultValue(NluSettings.DEFAULT_MIN_CONFIDENCE) double minConfidence,
                   @DefaultValue(NluSettings.DEFAULT_MIN_MARGIN) double minMargin) {
    static final String DEFAULT_MIN_CONFIDENCE = "0.4";
    static final String DEFAULT_MIN_MARGIN = "0.1";
}
