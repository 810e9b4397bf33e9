package org.waymark.safety;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Crisis replies from {@code dialogs/safety.yaml}, loaded and validated once at start-up. Immutable. */
@Component
final class YamlCrisisReplies implements CrisisReplies {

    private static final String CHILDLINE = "0800 1111";
    private static final TextNormaliser NORMALISER = new TextNormaliser();

    private final CrisisTexts texts;

    @Autowired
    YamlCrisisReplies(@Value("${waymark.dialogs-dir:dialogs}") String dialogsDir) {
        this(CrisisTexts.load(Path.of(dialogsDir)));
    }

    YamlCrisisReplies(CrisisTexts texts) {
        this.texts = texts;
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
        return texts.otherLanguage();
    }

    @Override
    public String stayWithPatient(int n) {
        List<String> lines = texts.stayWithPatient();
        return lines.get(Math.max(0, Math.min(n, lines.size() - 1)));
    }
}
