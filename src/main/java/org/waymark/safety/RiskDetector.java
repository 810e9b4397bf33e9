package org.waymark.safety;

/** Looks for signs that a patient may be at risk. Runs on every message, in every state. Thread-safe. */
public interface RiskDetector {
    Risk assess(String text);
}
