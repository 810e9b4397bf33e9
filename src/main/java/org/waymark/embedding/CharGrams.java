package org.waymark.embedding;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Features for languages the sentence embeddings do not know (MiniLM is English only): a message's words, word
 * pairs and the character 3- to 5-grams of each word, hashed into {@link #DIMS} buckets and L2-normalised, as a
 * {@link SparseVector} for {@link SparseMlp}. The text is first made script-neutral ({@link #normalise}): lower
 * case, every script's digits as 0-9, accents folded on Latin letters only (a Bengali vowel sign is part of its
 * letter, not an accent), punctuation gone. Nothing here knows any one language. Stateless and thread-safe.
 */
public final class CharGrams {

    /** Buckets of the hash: 2^15. */
    public static final int DIMS = 1 << 15;
    static final int MIN = 3;
    static final int MAX = 5;

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private CharGrams() {
    }

    /**
     * Lower case; every decimal digit (০-৯, ٠-٩, ०-९...) as 0-9; accents folded on Latin letters ("café" is
     * "cafe") and kept on every other script; apostrophes dropped ("don't" is "dont"); anything that is not a
     * letter, a mark or a digit a space; a letter stretched three times or more ("khubbbb") kept twice.
     */
    public static String normalise(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(decomposed.length());
        boolean keepMarks = false;
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if (mark) {
                if (keepMarks) {
                    b.appendCodePoint(c);
                }
                continue;
            }
            if (c == '\'' || c == '\u2019' || c == '\u2018' || c == '`' || c == '\u02bc') {
                continue;
            }
            int digit = Character.digit(c, 10);
            if (digit >= 0 && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                b.append((char) ('0' + digit));
                keepMarks = false;
            } else if (Character.isLetter(c)) {
                b.appendCodePoint(c);
                Character.UnicodeScript script = Character.UnicodeScript.of(c);
                // a Latin letter's marks are accents, folded; another script's are its vowels and signs
                keepMarks = script != Character.UnicodeScript.LATIN && script != Character.UnicodeScript.COMMON
                        && script != Character.UnicodeScript.INHERITED;
            } else {
                if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
                keepMarks = false;
            }
        }
        String folded = Normalizer.normalize(b.toString().strip(), Normalizer.Form.NFC);
        return unstretch(folded);
    }

    /** The normalised words. */
    public static List<String> words(String text) {
        String n = normalise(text);
        return n.isEmpty() ? List.of() : List.of(n.split(" "));
    }

    /** The hashed features of a message, counts L2-normalised; an empty message has one bias feature only. */
    public static SparseVector vector(String text) {
        return vectorOfWords(words(text));
    }

    /** As {@link #vector}, for words already normalised. */
    public static SparseVector vectorOfWords(List<String> words) {
        long[] hashes = hashes(words);
        int[] buckets = new int[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            long h = hashes[i] * 0x9E3779B97F4A7C15L;
            buckets[i] = (int) ((h >>> 17) & (DIMS - 1));
        }
        Arrays.sort(buckets);
        int[] index = new int[buckets.length];
        float[] value = new float[buckets.length];
        int n = 0;
        for (int i = 0; i < buckets.length; ) {
            int j = i + 1;
            while (j < buckets.length && buckets[j] == buckets[i]) {
                j++;
            }
            index[n] = buckets[i];
            value[n++] = j - i;
            i = j;
        }
        double norm = 0;
        for (int i = 0; i < n; i++) {
            norm += value[i] * value[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < n; i++) {
            value[i] *= scale;
        }
        return new SparseVector(Arrays.copyOf(index, n), Arrays.copyOf(value, n));
    }

    /** FNV-1a hashes of every word ("w"), word pair ("b") and padded character n-gram, and one bias feature. */
    static long[] hashes(List<String> words) {
        List<Long> out = new ArrayList<>(words.size() * 16 + 2);
        out.add(mix(OFFSET, "<bias>"));
        String prev = "<s>";
        for (String w : words) {
            out.add(mix(mix(OFFSET, "w="), w));
            out.add(mix(mix(mix(mix(OFFSET, "b="), prev), "_"), w));
            prev = w;
            String padded = "_" + w + "_";
            for (int n = MIN; n <= MAX; n++) {
                for (int i = 0; i + n <= padded.length(); i++) {
                    out.add(mix(OFFSET, padded.substring(i, i + n)));
                }
            }
        }
        if (!words.isEmpty()) {
            out.add(mix(mix(mix(mix(OFFSET, "b="), prev), "_"), "</s>"));
        }
        long[] a = new long[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * PRIME;
        }
        return h;
    }

    private static String unstretch(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int len = b.length();
            if (Character.isLetter(c) && len >= 2 && b.charAt(len - 1) == c && b.charAt(len - 2) == c) {
                continue;
            }
            b.append(c);
        }
        return b.toString();
    }
}
