package org.waymark.taxonomy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A language as patients, listings and link workers name it, so that "bn", "Bengali", "Bangla" and "Sylheti" are
 * one language to the directory's matching and the dashboard: its ISO 639-1 code, its English name and the other
 * names it is written as (in directory listings, in a link worker's account). Sylheti, which most Bangladeshi
 * families in the UK speak at home, counts as Bengali here: a Sylheti-speaking group suits a Bengali-speaking
 * patient. A language not in the list below is known only by the code or name it is given as.
 *
 * @param code       ISO 639-1, e.g. {@code bn}
 * @param name       the English name, e.g. "Bengali"
 * @param otherNames other names and codes, lower case, e.g. "bangla", "sylheti"
 */
public record Language(String code, String name, Set<String> otherNames) {
    public static final String ENGLISH = "en";

    /** The languages most spoken in the UK after English (those the language guess names), and English. */
    private static final List<Language> KNOWN = List.of(
            new Language("en", "English", Set.of("eng")),
            new Language("bn", "Bengali", Set.of("ben", "bangla", "sylheti", "syl", "বাংলা")),
            new Language("cy", "Welsh", Set.of("cymraeg")),
            new Language("pl", "Polish", Set.of("polski")),
            new Language("ur", "Urdu", Set.of()),
            new Language("pa", "Punjabi", Set.of("panjabi")),
            new Language("gu", "Gujarati", Set.of()),
            new Language("hi", "Hindi", Set.of()),
            new Language("ta", "Tamil", Set.of()),
            new Language("ar", "Arabic", Set.of()),
            new Language("fa", "Persian", Set.of("farsi")),
            new Language("so", "Somali", Set.of()),
            new Language("ro", "Romanian", Set.of()),
            new Language("lt", "Lithuanian", Set.of()),
            new Language("pt", "Portuguese", Set.of()),
            new Language("es", "Spanish", Set.of()),
            new Language("it", "Italian", Set.of()),
            new Language("fr", "French", Set.of()),
            new Language("de", "German", Set.of()),
            new Language("tr", "Turkish", Set.of()),
            new Language("sq", "Albanian", Set.of()),
            new Language("bg", "Bulgarian", Set.of()),
            new Language("ru", "Russian", Set.of()),
            new Language("uk", "Ukrainian", Set.of()),
            new Language("zh", "Chinese", Set.of()));

    public Language {
        code = code.toLowerCase(Locale.ROOT);
        otherNames = Set.copyOf(otherNames);
    }

    /**
     * The language a code or name stands for ("bn", "BN", "Bengali", " bangla "), or empty when blank or unknown.
     */
    public static Optional<Language> of(String codeOrName) {
        String key = key(codeOrName);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return KNOWN.stream().filter(l -> l.names(key)).findFirst();
    }

    /**
     * The language a code or name stands for, or one known only by what it was given as (a code of two or three
     * letters, else a name), so that a language this list lacks still matches itself; empty when blank.
     */
    public static Optional<Language> lenient(String codeOrName) {
        Optional<Language> known = of(codeOrName);
        if (known.isPresent() || key(codeOrName).isEmpty()) {
            return known;
        }
        String given = codeOrName.strip();
        return Optional.of(given.matches("[A-Za-z]{2,3}") ? new Language(given, given, Set.of())
                : new Language(key(given), given, Set.of()));
    }

    /** Whether a code or name is English, or says nothing (null, blank): the default language. */
    public static boolean english(String codeOrName) {
        return key(codeOrName).isEmpty() || of(codeOrName).map(l -> ENGLISH.equals(l.code())).orElse(false);
    }

    /** Whether the two name one language ("Bengali" and "bn", "Sylheti" and "Bangla"); false when either is blank. */
    public static boolean same(String a, String b) {
        Optional<Language> la = lenient(a);
        Optional<Language> lb = lenient(b);
        return la.isPresent() && lb.isPresent() && la.get().code().equals(lb.get().code());
    }

    /**
     * Whether words a listing or an account gives for a language name this one: the whole of them ("bn",
     * "Bangla") or one of their words ("Bengali (Sylheti)", "Sylheti and English"); a word alone counts only as a
     * name, never as a code, so "it" or "so" in a sentence is not Italian or Somali.
     */
    public boolean isNamedIn(String words) {
        String key = key(words);
        if (key.isEmpty()) {
            return false;
        }
        if (names(key)) {
            return true;
        }
        for (String word : key.split("[^\\p{L}\\p{M}]+")) {
            if (word.length() > 3 && names(word)) {
                return true;
            }
        }
        return false;
    }

    private boolean names(String key) {
        return code.equals(key) || name.toLowerCase(Locale.ROOT).equals(key) || otherNames.contains(key);
    }

    private static String key(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
