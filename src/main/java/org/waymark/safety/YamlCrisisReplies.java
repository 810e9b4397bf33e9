package org.waymark.safety;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import org.waymark.locale.Locales;

/** Crisis replies from {@code dialogs/safety.yaml}, loaded and validated once at start-up. Immutable. */
@Component
final class YamlCrisisReplies implements CrisisReplies {

    private static final String CHILDLINE = "0800 1111";
    private static final TextNormaliser NORMALISER = new TextNormaliser();

    private final CrisisTexts texts;
    /** Every language's texts, this one's among them. */
    private final Map<String, YamlCrisisReplies> languages;
    /** What fills {languages} in other_language: the names of the languages the bot reads. */
    private final String languageNames;

    @Autowired
    YamlCrisisReplies(@Value("${waymark.dialogs-dir:dialogs}") String dialogsDir, Locales locales) {
        this(CrisisTexts.loadAll(Path.of(dialogsDir), locales.all().stream().filter(l -> !l.isDefault())
                .map(Locales.Language::code).toList()), locales.names());
    }

    YamlCrisisReplies(CrisisTexts texts) {
        this(Map.of(Locales.DEFAULT, texts), "English");
    }

    private YamlCrisisReplies(Map<String, CrisisTexts> all, String languageNames) {
        this.texts = all.get(Locales.DEFAULT);
        this.languageNames = languageNames;
        Map<String, YamlCrisisReplies> views = new HashMap<>();
        views.put(Locales.DEFAULT, this);
        all.forEach((code, t) -> {
            if (!Locales.DEFAULT.equals(code)) {
                views.put(code, new YamlCrisisReplies(t, languageNames, views));
            }
        });
        this.languages = views;
    }

    private YamlCrisisReplies(CrisisTexts texts, String languageNames, Map<String, YamlCrisisReplies> languages) {
        this.texts = texts;
        this.languageNames = languageNames;
        this.languages = languages;
    }

    @Override
    public CrisisReplies in(String language) {
        return language == null ? languages.get(Locales.DEFAULT)
                : languages.getOrDefault(language, languages.get(Locales.DEFAULT));
    }

    @Override
    public List<String> reply(Risk risk) {
        return reply(risk, List.of());
    }

    @Override
    public List<String> reply(Risk risk, List<String> earlierPatientTexts) {
        if (risk == null || !risk.risky()) {
            return List.of();
        }
        List<String> messages = new ArrayList<>(texts.replies().get(risk.category()).get(risk.level()));
        boolean young = risk.cue() != null && risk.cue().endsWith(LayeredRiskDetector.UNDER_19)
                || earlierPatientTexts.stream().anyMatch(t -> AgeMention.under19(NORMALISER.normalise(t)));
        if (young && messages.stream().noneMatch(m -> m.contains(CHILDLINE))) {
            messages.addAll(texts.under19());
        }
        return List.copyOf(messages);
    }

    @Override
    public String checkQuestion(RiskCategory category) {
        return texts.checkQuestions().get(category);
    }

    @Override
    public List<String> checkSafe() {
        return texts.checkSafe();
    }

    @Override
    public List<String> otherLanguage() {
        return texts.otherLanguage().stream().map(t -> t.replace("{languages}", languageNames)).toList();
    }

    @Override
    public String stayWithPatient(int n) {
        List<String> lines = texts.stayWithPatient();
        return lines.get(Math.max(0, Math.min(n, lines.size() - 1)));
    }
}
