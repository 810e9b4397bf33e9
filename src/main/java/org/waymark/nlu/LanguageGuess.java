package org.waymark.nlu;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether a patient wrote in a language other than English, and which: the NLU and the risk net understand English
 * only, so such a message must go to a person with the crisis numbers rather than be misread. Lingua (low-accuracy
 * mode: trigram models only, about 30 MB for these languages, loaded on first use) names the language among those
 * most spoken in the UK after English; a message is called English when it is too short to tell, or when three in
 * ten of its words of two letters or more are everyday English or text-speak (so "gna finish myself off 2nite" stays
 * English, however German its trigrams look). Thread-safe.
 *
 * <p>{@link #detect} also names the languages Waymark supports (a folder of training data in {@code nlp-models/}):
 * from their own script (Bengali script is bn), and in Latin letters from what their training lines taught
 * ({@link LatinScriptLanguages}: "ami khub eka" is bn, "I feel so alone" English).
 */
@Component
public class LanguageGuess {
    /**
     * The language a message is in: ISO 639-1 code, its English name, and whether Waymark supports it (has its
     * models: {@code nlp-models/<code>/training/}).
     */
    public record Detected(String code, String name, boolean supported) {
        public Detected(String code, String name) {
            this(code, name, false);
        }
    }

    private final Path modelsDir;
    private final Set<String> supported;
    /** The learnt parts, built on first use: the Latin-script models, and each supported language's own script. */
    private volatile Learnt learnt;

    private record Learnt(LatinScriptLanguages latin, Map<Character.UnicodeScript, List<String>> byScript) {
    }

    /** With the languages of the project's {@code nlp-models/} (or the jar's copies). */
    public LanguageGuess() {
        this(Path.of("nlp-models"));
    }

    /** The app's: the learnt parts are built in the background at start-up, so no patient waits for them. */
    @Autowired
    LanguageGuess(NluSettings settings) {
        this(Path.of(settings.modelsDir()));
        Thread warm = new Thread(this::learnt, "language-guess-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    LanguageGuess(Path modelsDir) {
        this.modelsDir = modelsDir;
        this.supported = Set.copyOf(Languages.others(modelsDir));
    }

    /**
     * The language a message is in when it is not English; empty for English and for too little to tell. A
     * supported language is named from its own script (Bengali script: bn) or, in the Latin script, by what its
     * training lines taught ({@link LatinScriptLanguages}: "ami khub eka" is bn); any other language as
     * {@link #notEnglish} names it, not supported.
     */
    public Optional<Detected> detect(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Learnt l = learnt();
        Character.UnicodeScript script = mainScript(text);
        if (script != null && script != Character.UnicodeScript.LATIN) {
            List<String> candidates = l.byScript().getOrDefault(script, List.of());
            if (candidates.size() == 1) {
                return Optional.of(named(candidates.get(0)));
            }
            return notEnglish(text);
        }
        if (script == Character.UnicodeScript.LATIN) {
            Optional<String> latin = l.latin().languageOf(text);
            if (latin.isPresent()) {
                return Optional.of(named(latin.get()));
            }
        }
        return notEnglish(text);
    }

    /** The languages Waymark supports besides English, by code. */
    public Set<String> supported() {
        return supported;
    }

    /** The Latin-script models' cross-validated figures, for reports. */
    String describeLatinModels() {
        return learnt().latin().describe();
    }

    private Detected named(String code) {
        return new Detected(code, englishName(code), supported.contains(code));
    }

    /** Lingua's English name for a code ("Bengali"), or the code itself. */
    static String englishName(String code) {
        for (Language language : Language.values()) {
            if (language != Language.UNKNOWN && language.getIsoCode639_1().name().equalsIgnoreCase(code)) {
                return language.name().charAt(0) + language.name().substring(1).toLowerCase(Locale.ROOT);
            }
        }
        return code;
    }

    /** The script most of a text's letters are in; null without letters. */
    static Character.UnicodeScript mainScript(String text) {
        Map<Character.UnicodeScript, Integer> counts = new java.util.EnumMap<>(Character.UnicodeScript.class);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c)) {
                counts.merge(Character.UnicodeScript.of(c), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private Learnt learnt() {
        Learnt l = learnt;
        if (l == null) {
            synchronized (this) {
                l = learnt;
                if (l == null) {
                    Map<Character.UnicodeScript, List<String>> byScript = new java.util.EnumMap<>(
                            Character.UnicodeScript.class);
                    for (String code : supported) {
                        // a language's own script: the one most of its training lines not in Latin letters use
                        Map<Character.UnicodeScript, Integer> counts = new java.util.EnumMap<>(
                                Character.UnicodeScript.class);
                        for (String t : LatinScriptLanguages.nluTexts(modelsDir, code)) {
                            Character.UnicodeScript s = mainScript(t);
                            if (s != null && s != Character.UnicodeScript.LATIN) {
                                counts.merge(s, 1, Integer::sum);
                            }
                        }
                        counts.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(e -> byScript
                                .computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(code));
                    }
                    l = new Learnt(LatinScriptLanguages.train(modelsDir), byScript);
                    learnt = l;
                }
            }
        }
        return l;
    }

    static final Language[] LANGUAGES = {Language.ENGLISH, Language.WELSH, Language.POLISH, Language.URDU,
        Language.BENGALI, Language.PUNJABI, Language.GUJARATI, Language.HINDI, Language.TAMIL, Language.ARABIC,
        Language.PERSIAN, Language.SOMALI, Language.ROMANIAN, Language.LITHUANIAN, Language.PORTUGUESE,
        Language.SPANISH, Language.ITALIAN, Language.FRENCH, Language.GERMAN, Language.TURKISH,
        Language.ALBANIAN, Language.BULGARIAN, Language.RUSSIAN, Language.UKRAINIAN, Language.CHINESE};

    /** Words so common in English messages, typed or texted, that a message three tenths of them is English. */
    static final Set<String> EVERYDAY_ENGLISH = Set.of("i", "im", "ive", "id", "ill", "me", "my", "mine", "myself",
            "you", "u", "ur", "your", "we", "us", "our", "he", "him", "his", "she", "her", "they", "them", "their",
            "it", "its", "this", "that", "there", "here", "the", "a", "an", "and", "or", "but", "so", "if", "of",
            "to", "2", "in", "on", "at", "for", "4", "with", "from", "by", "about", "up", "out", "off", "over",
            "is", "am", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did",
            "dont", "cant", "wont", "isnt", "not", "no", "yes", "yeah", "ok", "okay", "pls", "please", "thanks",
            "thank", "hi", "hello", "hiya", "hey", "what", "when", "where", "who", "why", "how", "can", "could",
            "will", "would", "should", "just", "all", "any", "some", "more", "very", "really", "too", "now",
            "today", "tonight", "feel", "feeling", "want", "need", "help", "get", "got", "go", "going", "gna",
            "gonna", "wanna", "know", "like", "think", "see", "time", "day", "people", "anyone", "someone",
            "nobody", "life", "home", "house", "work", "money", "friends", "family", "mum", "dad", "kids", "lol",
            "m8", "2nite", "2day", "cos", "coz", "bc", "tho", "dunno", "much", "many", "never", "always");
    private static final Pattern WORDS = Pattern.compile("[^\\p{L}\\p{N}']+");
    private static final int MIN_LETTERS = 6;

    private volatile LanguageDetector detector;

    /** The language when a message is plainly not English; empty for English and for too little to tell. */
    public Optional<Detected> notEnglish(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int letters = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN) {
                    latin++;
                }
            }
        }
        if (letters < MIN_LETTERS && latin == letters) {
            return Optional.empty();
        }
        boolean latinScript = latin * 2 >= letters;
        if (latinScript && (englishShare(text) >= 0.3 || tooShortToTell(text, letters))) {
            return Optional.empty();
        }
        SortedMap<Language, Double> confidence = detector().computeLanguageConfidenceValues(text);
        if (confidence.isEmpty()) {
            return Optional.empty();
        }
        Language best = confidence.firstKey();
        double english = confidence.getOrDefault(Language.ENGLISH, 0.0);
        if (best == Language.ENGLISH || latinScript && english >= 0.9) {
            return Optional.empty();
        }
        String code = best.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
        return Optional.of(new Detected(code, best.name().charAt(0) + best.name().substring(1).toLowerCase(Locale.ROOT),
                supported.contains(code)));
    }

    /**
     * One or two words in the Latin script ("cheers", "film club", "park run?") look like any language to trigram
     * models; they count as another language only with letters English never uses ("Chcę", "să").
     */
    private static boolean tooShortToTell(String text, int letters) {
        long words = WORDS.splitAsStream(text.strip()).filter(w -> !w.isEmpty()).count();
        return (words < 3 || letters < 12) && text.chars().noneMatch(c -> c > 0x7F && Character.isLetter(c));
    }

    static double englishShare(String text) {
        String[] words = WORDS.split(text.toLowerCase(Locale.ROOT).replace("\u2019", "'"));
        int all = 0;
        int english = 0;
        for (String w : words) {
            String word = w.replace("'", "");
            if (word.length() < 2) {
                continue; // "i" is Welsh too ("Dw i eisiau..."), "a" half of Europe's
            }
            all++;
            if (EVERYDAY_ENGLISH.contains(word)) {
                english++;
            }
        }
        return all == 0 ? 1 : (double) english / all;
    }

    /** Loads the models on first use (about 3 s), not at start-up: most patients write English. */
    private LanguageDetector detector() {
        LanguageDetector d = detector;
        if (d == null) {
            synchronized (this) {
                d = detector;
                if (d == null) {
                    d = LanguageDetectorBuilder.fromLanguages(LANGUAGES).withLowAccuracyMode().build();
                    detector = d;
                }
            }
        }
        return d;
    }
}
