package org.waymark.safety;

import java.util.List;

/** The clinician-owned crisis texts from {@code dialogs/safety.yaml}. English texts are GSM-7 safe and SMS sized;
 * each other language's have the same keys and counts, in at most three UCS-2 parts each. */
public interface CrisisReplies {

    /**
     * The same texts in a language ({@code dialogs/<code>/safety.yaml}: the same numbers, in the patient's words);
     * English for null or a language the bot does not speak.
     */
    CrisisReplies in(String language);

    /** What to send at once for this risk (one or more short messages). */
    List<String> reply(Risk risk);

    /**
     * As {@link #reply(Risk)}, and Childline is added too when an earlier message of the same conversation gave an
     * age under 19 ("I'm 15" two messages before "I want to die").
     */
    List<String> reply(Risk risk, List<String> earlierPatientTexts);

    /**
     * What the bot says, gently, to a patient at risk while waiting for a person ("are you safe right now?"),
     * for the n-th message after the crisis reply (0-based).
     */
    String stayWithPatient(int n);

    /**
     * What to send at once to a message in a language the bot cannot read: the crisis numbers (every one offers an
     * interpreter or takes calls in English only, as the text says) and an honest line that a person will help.
     */
    List<String> otherLanguage();

    /** The plain question asked when the nets are unsure of a risk in this category; its "yes" means safe. */
    String checkQuestion(RiskCategory category);

    /** The answer to a "yes, I'm safe": thanks, and where to turn if that changes. */
    List<String> checkSafe();
}
