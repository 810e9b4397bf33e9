package org.waymark.nlu;

/** An intent name with the classifier's confidence, 0 to 1. */
public record IntentScore(String name, double confidence) {
}
