package org.waymark.nlu;

import java.util.List;
import java.util.Set;

/** Turns a patient's words into what the dialog needs. Thread-safe. */
public interface Nlu {

    Parse parse(String text);

    /**
     * Parses a reply to a menu: {@code options} are the labels just offered (e.g. activity names), so "the walking
     * group" or "the second one" yields an {@code option} entity.
     */
    Parse parse(String text, List<String> options);

    /** Every intent the classifier can return, {@link Intents#OUT_OF_SCOPE} included. */
    Set<String> intents();
}
