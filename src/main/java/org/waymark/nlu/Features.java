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

    /**
     * The 64-bit hashes of exactly the features {@link #of} returns, computed without building their strings: a
     * parse then allocates next to nothing, which keeps its latency low and steady.
     */
    long[] hashes(List<String> tokens) {
        long[] out = new long[Math.max(1, tokens.size() * (2 + countCharGrams(8)) + 1)];
        int n = 0;
        String prev = "<s>";
        for (String t : tokens) {
            String s = stems ? stem(t) : t;
            out = ensure(out, n + 2);
            out[n++] = mix(mix(mix(OFFSET, 'w'), '='), s);
            if (bigrams) {
                out[n++] = mix(mix(mix(mix(mix(OFFSET, 'b'), '='), prev), '_'), s);
            }
            prev = s;
            if (charMax > 0 && !STOP.contains(t)) {
                int len = t.length() + 2;
                for (int size = charMin; size <= charMax; size++) {
                    for (int i = 0; i + size <= len; i++) {
                        long h = OFFSET;
                        for (int p = i; p < i + size; p++) {
                            h = mix(h, p == 0 || p == len - 1 ? '_' : t.charAt(p - 1));
                        }
                        out = ensure(out, n + 1);
                        out[n++] = h;
                    }
                }
            }
        }
        if (bigrams && !tokens.isEmpty()) {
            out = ensure(out, n + 1);
            out[n++] = mix(mix(mix(mix(mix(OFFSET, 'b'), '='), prev), '_'), "</s>");
        }
        if (n == 0) {
            out[n++] = hash("<empty>");
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** FNV-1a over the characters of a feature string; equals what {@link #hashes} computes for it. */
    static long hash(String feature) {
        return mix(OFFSET, feature);
    }

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private static long mix(long h, char c) {
        return (h ^ c) * PRIME;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * PRIME;
        }
        return h;
    }

    private int countCharGrams(int wordLength) {
        int count = 0;
        for (int size = charMin; charMax > 0 && size <= charMax; size++) {
            count += Math.max(0, wordLength + 2 - size + 1);
        }
        return count;
    }

    private static long[] ensure(long[] a, int size) {
        return size <= a.length ? a : java.util.Arrays.copyOf(a, Math.max(size, a.length * 2));
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
