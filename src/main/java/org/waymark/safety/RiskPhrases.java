package org.waymark.safety;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.waymark.embedding.CharGrams;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A language's optional list of phrases that on their own show a risk ({@code nlp-models/bn/risk/phrases.yml}),
 * for what its writers know must never be left to a net: under each {@code category:level} label, phrases as
 * patients write them. A message containing a phrase (whole words, after {@link CharGrams#normalise}, so any
 * spelling of the digits and any case) is raised to that level at once, as the English patterns raise theirs. Data,
 * not code: a language without the file has none.
 *
 * <p>Optional {@code negations_after} and {@code negations_before} list the words that, right after or right
 * before a phrase, say it is not so (Bengali puts its "not" after the verb: "nijeke mere felbo na").
 *
 * <pre>
 * suicide_self_harm:urgent:
 *   - nijeke mere felbo
 * negations_after: [na]
 * </pre>
 */
final class RiskPhrases {

    static final String FILE = "phrases.yml";
    static final RiskPhrases NONE = new RiskPhrases(List.of());

    /** A phrase, normalised, and the risk it shows. */
    record Phrase(String words, RiskCategory category, String level) {
    }

    static final String NEGATIONS_AFTER = "negations_after";
    static final String NEGATIONS_BEFORE = "negations_before";

    private final List<Phrase> phrases;
    private final java.util.Set<String> negationsAfter;
    private final java.util.Set<String> negationsBefore;

    RiskPhrases(List<Phrase> phrases) {
        this(phrases, java.util.Set.of(), java.util.Set.of());
    }

    RiskPhrases(List<Phrase> phrases, java.util.Set<String> negationsAfter, java.util.Set<String> negationsBefore) {
        this.phrases = List.copyOf(phrases);
        this.negationsAfter = java.util.Set.copyOf(negationsAfter);
        this.negationsBefore = java.util.Set.copyOf(negationsBefore);
    }

    int size() {
        return phrases.size();
    }

    /** Reads the file's bytes ({@code where} names it in a problem); null bytes are no phrases. */
    static RiskPhrases parse(byte[] bytes, String where) {
        if (bytes == null) {
            return NONE;
        }
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(bytes,
                StandardCharsets.UTF_8));
        if (root == null) {
            return NONE;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalStateException(where + ": expected 'category:level:' keys, each with a list of phrases");
        }
        List<Phrase> out = new ArrayList<>();
        java.util.Set<String> after = new java.util.HashSet<>();
        java.util.Set<String> before = new java.util.HashSet<>();
        for (var e : map.entrySet()) {
            String label = String.valueOf(e.getKey()).strip().toLowerCase(Locale.ROOT);
            if (label.equals(NEGATIONS_AFTER) || label.equals(NEGATIONS_BEFORE)) {
                if (!(e.getValue() instanceof List<?> words)) {
                    throw new IllegalStateException(where + ": '" + label + "' needs a list of words");
                }
                words.forEach(w -> (label.equals(NEGATIONS_AFTER) ? after : before).add(CharGrams.normalise(
                        String.valueOf(w))));
                continue;
            }
            String[] parts = label.split(":");
            RiskCategory category = parts.length == 2 ? category(parts[0]) : null;
            if (category == null || !List.of(RiskNet.CHECK, RiskNet.URGENT, RiskNet.EMERGENCY).contains(parts[1])) {
                throw new IllegalStateException(where + ": unknown label '" + label + "' (category:level, levels "
                        + "check, urgent, emergency)");
            }
            if (!(e.getValue() instanceof List<?> list)) {
                throw new IllegalStateException(where + ": '" + label + "' needs a list of phrases");
            }
            for (Object o : list) {
                String words = CharGrams.normalise(String.valueOf(o));
                if (!words.isEmpty()) {
                    out.add(new Phrase(words, category, parts[1]));
                }
            }
        }
        return new RiskPhrases(out, after, before);
    }

    /** The most serious risk a phrase in the (normalised) message shows, or null. */
    Risk match(String normalised) {
        if (phrases.isEmpty() || normalised.isEmpty()) {
            return null;
        }
        String spaced = " " + normalised + " ";
        Risk best = null;
        for (Phrase p : phrases) {
            if (found(spaced, " " + p.words() + " ")) {
                Risk r = p.level().equals(RiskNet.CHECK) ? Risk.check(p.category(), CUE)
                        : new Risk(p.level().equals(RiskNet.EMERGENCY) ? RiskLevel.EMERGENCY : RiskLevel.URGENT,
                                p.category(), CUE);
                best = Risk.moreSerious(best, r);
            }
        }
        return best;
    }

    /** Whether the phrase is in the message at least once without a negation right after or before it. */
    private boolean found(String spaced, String phrase) {
        for (int at = spaced.indexOf(phrase); at >= 0; at = spaced.indexOf(phrase, at + 1)) {
            String rest = spaced.substring(at + phrase.length());
            String next = rest.isEmpty() ? "" : rest.split(" ", 2)[0];
            String head = spaced.substring(0, at).strip();
            String previous = head.isEmpty() ? "" : head.substring(head.lastIndexOf(' ') + 1);
            if (!negationsAfter.contains(next) && !negationsBefore.contains(previous)) {
                return true;
            }
        }
        return false;
    }

    /** The cue of a risk a phrase raised. */
    static final String CUE = "phrase";

    private static RiskCategory category(String code) {
        for (RiskCategory c : RiskCategory.values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return null;
    }
}
