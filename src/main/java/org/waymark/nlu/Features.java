package org.waymark.nlu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import opennlp.tools.stemmer.PorterStemmer;

/**
 * Turns normalised tokens into classifier features: stemmed words, word bigrams and character n-grams. Character
 * n-grams let few-shot models generalise across typos and word forms ("upgrade", "upgrading", "upgarde").
 */
record Features(boolean stems, boolean bigrams, int charMin, int charMax) {

    /** The settings every intent model uses, the benchmark evaluation included. */
    static final Features DEFAULT = new Features(true, true, 3, 5);

    private static final Map<String, String> STEMS = new ConcurrentHashMap<>();
    private static final Set<String> STOP = Set.of("a", "an", "the", "to", "of", "and", "is", "it", "in", "on", "for",
            "my", "i", "me", "be", "am", "are", "that", "this", "with", "at", "so", "do", "you", "your");

    String[] of(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size() * 12);
        String prev = "<s>";
        for (String t : tokens) {
            String s = stems ? stem(t) : t;
            out.add("w=" + s);
            if (bigrams) {
                out.add("b=" + prev + "_" + s);
            }
            prev = s;
            if (charMax > 0 && !STOP.contains(t)) {
                String padded = "_" + t + "_";
                for (int n = charMin; n <= charMax; n++) {
                    for (int i = 0; i + n <= padded.length(); i++) {
                        // no prefix: n-grams hold no '=' so cannot meet the "w=" and "b=" features
                        out.add(padded.substring(i, i + n));
                    }
                }
            }
        }
        if (bigrams && !tokens.isEmpty()) {
            out.add("b=" + prev + "_</s>");
        }
        if (out.isEmpty()) {
            out.add("<empty>");
        }
        return out.toArray(String[]::new);
    }

    static String stem(String token) {
        if (token.length() <= 3 || !Character.isLetter(token.charAt(0))) {
            return token;
        }
        String cached = STEMS.get(token);
        if (cached != null) {
            return cached;
        }
        // PorterStemmer keeps state, so one per call; results are cached (bounded by the vocabulary we meet)
        String stem = new PorterStemmer().stem(token);
        if (STEMS.size() < 200_000) {
            STEMS.put(token, stem);
        }
        return stem;
    }
}
