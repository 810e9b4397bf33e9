package org.waymark.review;

import java.time.Instant;
import java.util.List;

/**
 * What a link worker says the bot should have understood of one message. Each part is null until a worker sets it.
 *
 * @param text       the patient's words; null once the patient's data was erased
 * @param ownWords   the same message rewritten by the worker in their own words (no patient details), or null;
 *                   the only text kept after an erasure, and the only text exported for the shared data
 * @param needs      the right needs (codes; empty: none)
 * @param intent     the right intent
 * @param riskCategory with {@code riskLevel}: "this was risk"
 * @param notRisk    "not risk": the bot raised or asked about a risk the message did not carry
 */
public record Correction(String id, String practice, String text, String ownWords, List<String> needs, String intent,
                  String riskCategory, String riskLevel, boolean notRisk, String by, Instant at) {
    public Correction {
        needs = needs == null ? null : List.copyOf(needs);
    }

    /** The words training may use: the worker's own when given, else the patient's (null after an erasure). */
    public String trainingText() {
        return ownWords != null ? ownWords : text;
    }

    public boolean risk() {
        return riskCategory != null;
    }
}
