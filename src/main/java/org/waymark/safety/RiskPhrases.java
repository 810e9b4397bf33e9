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
 * <pre>
 * suicide_self_harm:urgent:
 *   - nijeke mere felbo
 * </pre>
 */
final class RiskPhrases {

    static final String FILE = "phrases.yml";
    static final RiskPhrases NONE = new RiskPhrases(List.of());

    /** A phrase, normalised, and the risk it shows. */
    record Phrase(String words, RiskCategory category, String level) {
    }

    private final List<Phrase> phrases;

    RiskPhrases(List<Phrase> phrases) {
        this.phrases = List.copyOf(phrases);
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
        for (var e : map.entrySet()) {
            String label = String.valueOf(e.getKey()).strip().toLowerCase(Locale.ROOT);
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
        return new RiskPhrases(out);
    }

    /** The most serious risk a phrase in the (normalised) message shows, or null. */
    Risk match(String normalised) {
        if (phrases.isEmpty() || normalised.isEmpty()) {
            return null;
        }
        String spaced = " " + normalised + " ";
        Risk best = null;
        for (Phrase p : phrases) {
            if (spaced.contains(" " + p.words() + " ")) {
                Risk r = p.level().equals(RiskNet.CHECK) ? Risk.check(p.category(), CUE)
                        : new Risk(p.level().equals(RiskNet.EMERGENCY) ? RiskLevel.EMERGENCY : RiskLevel.URGENT,
                                p.category(), CUE);
                best = Risk.moreSerious(best, r);
            }
        }
        return best;
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
