package org.waymark.locale;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

import org.waymark.messaging.Gsm7;

/**
 * The languages the bot speaks, from {@code dialogs/locale.yaml} (English, the default) and
 * {@code dialogs/<code>/locale.yaml} for each other language, checked as they load: the same keys as English and the
 * same placeholders, naming the line of a missing or extra key; English SMS texts GSM-7. Immutable.
 */
@Component
public final class Locales {
    /** The default language: what a conversation is in until the patient chooses another. */
    public static final String DEFAULT = "en";
    public static final String FILE = "locale.yaml";
    /** The lists whose length is a language's own choice. */
    private static final Set<String> FREE_LENGTH = Set.of("keywords", "skip_words", "offer.options");
    private static final Logger log = LoggerFactory.getLogger(Locales.class);

    /** A text with its SMS form and quick replies. */
    public record Text(String text, String sms, List<String> options) {
        public String forChannel(boolean bySms) {
            return bySms && sms != null && !sms.isBlank() ? sms : text;
        }
    }

    /**
     * One language.
     *
     * @param code        ISO 639-1, e.g. "bn"
     * @param name        its name in itself ("বাংলা"), for the language switch
     * @param englishName its name in English ("Bengali"), for link workers
     * @param keywords    a message of only one of these words changes the conversation to this language
     * @param skipWords   a message of only one of these skips the question
     */
    public record Language(String code, String name, String englishName, List<String> keywords,
                           List<String> skipWords, Text offer,
                           Text switched, Map<String, String> needs, Map<String, String> words,
                           Map<String, String> sms, Map<String, String> widget) {
        public String word(String key) {
            return words.getOrDefault(key, "");
        }

        public String need(String code) {
            return needs.getOrDefault(code, code);
        }

        public String smsText(String key) {
            return sms.getOrDefault(key, "");
        }

        public boolean isDefault() {
            return DEFAULT.equals(code);
        }
    }

    private final Map<String, Language> languages;

    @Autowired
    public Locales(@Value("${waymark.dialogs-dir:dialogs}") String dialogsDir) {
        this(new LanguageFiles(Path.of(dialogsDir)));
    }

    public Locales(LanguageFiles files) {
        String englishFile = files.describe(null, FILE);
        String englishText = files.read(null, FILE)
                .orElseThrow(() -> new LocaleException(englishFile, 1, "the default language's file is missing"));
        Node english = compose(englishText, englishFile);
        Map<String, Language> all = new LinkedHashMap<>();
        Language en = language(englishText, englishFile);
        if (!DEFAULT.equals(en.code())) {
            throw new LocaleException(englishFile, 1, "language should be '" + DEFAULT + "' in the default file");
        }
        checkGsm(en, englishFile);
        all.put(DEFAULT, en);
        for (String code : files.otherLanguages()) {
            String file = files.describe(code, FILE);
            String text = files.read(code, FILE).orElseThrow();
            List<YamlShape.Problem> problems = YamlShape.compare(english, compose(text, file), FREE_LENGTH::contains);
            if (!problems.isEmpty()) {
                YamlShape.Problem p = problems.get(0);
                throw new LocaleException(file, p.line(), p.message()
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
            }
            Language l = language(text, file);
            if (!code.equals(l.code())) {
                throw new LocaleException(file, 1, "language is '" + l.code() + "' in the folder '" + code + "'");
            }
            if (l.offer().text().isBlank() || l.offer().options().isEmpty()) {
                throw new LocaleException(file, 1, "offer needs a text and its options: it is how a patient is "
                        + "asked whether to chat in " + l.englishName());
            }
            all.put(code, l);
        }
        this.languages = Map.copyOf(all);
        this.order = List.copyOf(all.keySet());
        log.info("Languages: {}", order);
    }

    private final List<String> order;

    /** The language of a code; the default language for null or one Waymark does not speak. */
    public Language get(String code) {
        Language l = code == null ? null : languages.get(code.toLowerCase(Locale.ROOT));
        return l != null ? l : languages.get(DEFAULT);
    }

    public boolean speaks(String code) {
        return code != null && languages.containsKey(code.toLowerCase(Locale.ROOT));
    }

    /** Every language, the default first. */
    public List<Language> all() {
        return order.stream().map(languages::get).toList();
    }

    /** The language a message of only a keyword ("bangla", "English please") asks for. */
    public Optional<Language> byKeyword(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String plain = text.strip().toLowerCase(Locale.ROOT).replaceAll("[.!?,।]+$", "").strip();
        return all().stream().filter(l -> l.keywords().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT)
                .equals(plain))).findFirst();
    }

    /** The names of every language, each in itself: "English / বাংলা". */
    public String names() {
        return String.join(" / ", all().stream().map(Language::name).toList());
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    private static Node compose(String text, String file) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node n = new Yaml(options).compose(new StringReader(text));
            if (n == null) {
                throw new LocaleException(file, 1, "the file is empty");
            }
            return n;
        } catch (LocaleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LocaleException(file, 1, "not valid YAML: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Language language(String text, String file) {
        Map<String, Object> m;
        try {
            m = new Yaml().load(text);
        } catch (RuntimeException e) {
            throw new LocaleException(file, 1, "not valid YAML: " + e.getMessage());
        }
        for (String key : List.of("language", "name", "english_name", "keywords", "skip_words", "offer", "switched",
                "needs",
                "words", "sms", "widget")) {
            if (m == null || !m.containsKey(key)) {
                throw new LocaleException(file, 1, "missing key '" + key + "'");
            }
        }
        return new Language(string(m.get("language")), string(m.get("name")), string(m.get("english_name")),
                strings(m.get("keywords")), strings(m.get("skip_words")), text(m.get("offer")), text(m.get("switched")), strings(m, "needs"),
                strings(m, "words"), strings(m, "sms"), strings(m, "widget"));
    }

    @SuppressWarnings("unchecked")
    private static Text text(Object o) {
        Map<String, Object> m = o instanceof Map<?, ?> ? (Map<String, Object>) o : Map.of();
        return new Text(string(m.get("text")), m.get("sms") == null ? null : string(m.get("sms")),
                strings(m.get("options")));
    }

    private static Map<String, String> strings(Map<String, Object> m, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        if (m.get(key) instanceof Map<?, ?> inner) {
            inner.forEach((k, v) -> out.put(String.valueOf(k), string(v)));
        }
        return Map.copyOf(out);
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof Collection<?> c) {
            c.forEach(v -> out.add(string(v)));
        }
        return List.copyOf(out);
    }

    private static String string(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static void checkGsm(Language l, String file) {
        List<String> texts = new ArrayList<>(l.sms().values());
        texts.add(l.switched().forChannel(true));
        for (String t : texts) {
            int bad = Gsm7.firstUnencodable(t);
            if (bad >= 0) {
                throw new LocaleException(file, 1, "the SMS text \"" + t + "\" is not GSM-7 at character "
                        + (bad + 1));
            }
        }
    }
}
