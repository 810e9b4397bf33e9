package org.waymark.safety;

import org.waymark.embedding.CharGrams;

/**
 * The risk check of a language other than English: its phrase list if it has one ({@link RiskPhrases}), the
 * English patterns when cross-validation kept them (for the English words of mixed messages: "ami suicide korbo"),
 * then its learned net ({@link LanguageRiskNet}) with the same bands and levels as English; the most serious
 * answer counts. As in English, a net's check question needs {@value LayeredRiskDetector#CHECK_MIN_WORDS} words or
 * more, and an age under 19 said in English words is named in the cue. Thread-safe.
 */
final class LanguageRiskDetector implements RiskDetector {

    private final String language;
    private final RiskPhrases phrases;
    private final LanguageRiskNet net;
    private final TextNormaliser english = new TextNormaliser();
    private final RiskPatterns patterns = new RiskPatterns();

    LanguageRiskDetector(String language, RiskPhrases phrases, LanguageRiskNet net) {
        this.language = language;
        this.phrases = phrases;
        this.net = net;
    }

    String language() {
        return language;
    }

    LanguageRiskNet net() {
        return net;
    }

    @Override
    public Risk assess(String text) {
        String normalised = CharGrams.normalise(text);
        if (normalised.isEmpty()) {
            return Risk.NONE;
        }
        Risk phrased = phrases.match(normalised);
        Risk englishRisk = null;
        String englishWords = english.normalise(text);
        if (net.englishPatterns()) {
            RiskPatterns.Match m = patterns.assess(englishWords).match();
            englishRisk = m == null ? null : new Risk(m.level(), m.category(), m.cue());
        }
        Risk raised = net.raise(text);
        if (raised != null && raised.check() && normalised.split(" ").length < LayeredRiskDetector.CHECK_MIN_WORDS) {
            raised = null;
        }
        Risk risk = Risk.moreSerious(Risk.moreSerious(phrased, englishRisk), raised);
        if (risk == null) {
            return Risk.NONE;
        }
        return (risk.risky() || risk.check()) && AgeMention.under19(englishWords)
                ? risk.withCue(risk.cue() + LayeredRiskDetector.UNDER_19)
                : risk;
    }
}
