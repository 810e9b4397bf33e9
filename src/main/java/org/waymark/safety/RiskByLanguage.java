package org.waymark.safety;

import org.springframework.stereotype.Component;

/** The risk detector for each language (placeholder until the per-language nets land: English for every one). */
@Component
public class RiskByLanguage {
    private final RiskDetector english;

    RiskByLanguage(RiskDetector english) {
        this.english = english;
    }

    public RiskDetector forLanguage(String code) {
        return english;
    }
}
