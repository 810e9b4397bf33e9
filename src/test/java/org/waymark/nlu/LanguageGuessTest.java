package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Other languages are named, so the patient gets a person and the crisis numbers instead of "I didn't understand";
 * English, however it is texted, is never mistaken for another language.
 */
class LanguageGuessTest {
    static final LanguageGuess GUESS = new LanguageGuess();

    @Test
    void theLanguagesPatientsWriteInAreNamedFromOneMessage() {
        Map<String, String> messages = Map.ofEntries(
                Map.entry("Chcę się zabić, nie mam już siły", "pl"),
                Map.entry("Jestem bardzo samotna od śmierci męża", "pl"),
                Map.entry("Dw i eisiau lladd fy hun", "cy"),
                Map.entry("Rydw i'n teimlo'n unig iawn ers i fy ngŵr farw", "cy"),
                Map.entry("میں خود کو مارنا چاہتا ہوں", "ur"),
                Map.entry("میں بہت اکیلا محسوس کرتا ہوں", "ur"),
                Map.entry("আমি আত্মহত্যা করতে চাই", "bn"),
                Map.entry("আমি খুব একা বোধ করি", "bn"),
                Map.entry("Quiero morir, no puedo más", "es"),
                Map.entry("Me siento muy sola y no tengo amigos aquí", "es"),
                Map.entry("Vreau să mor, nu mai pot", "ro"),
                Map.entry("Je me sens très seule depuis des mois", "fr"),
                Map.entry("Estou muito sozinha e não tenho dinheiro para a renda", "pt"),
                Map.entry("أريد أن أموت", "ar"),
                Map.entry("Мне очень одиноко, я не знаю, что делать", "ru"));
        List<String> wrong = new ArrayList<>();
        messages.forEach((text, code) -> {
            String got = GUESS.notEnglish(text).map(LanguageGuess.Detected::code).orElse("english");
            if (!got.equals(code)) {
                wrong.add(text + " -> " + got + " (expected " + code + ")");
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(GUESS.notEnglish("آمي خوب اكا").orElseThrow().code()).isNotEqualTo("en");
    }

    @Test
    void englishInAnyVoiceStaysEnglish() throws IOException {
        List<String> english = new ArrayList<>(List.of("gna finish myself off 2nite", "hiya m8", "ok", "yes pls",
                "E1 6AN", "ta", "no", "park run?", "brassic", "klarna and overdraft maxed", "u3a?", "👍",
                "Good morning, I am writing to enquire about the gardening group", "mornings r best 4 me"));
        TrainingData data = TrainingData.load(name -> Files.readAllBytes(Path.of("nlp-models").resolve(name)));
        data.intentExamples().forEach(e -> english.add(e.text()));
        List<String> misread = english.stream().filter(t -> GUESS.notEnglish(t).isPresent())
                .map(t -> t + " -> " + GUESS.notEnglish(t).orElseThrow().name()).toList();
        assertThat(misread).as("English lines of the training data read as another language (of " + english.size()
                + ")").hasSizeLessThanOrEqualTo(english.size() / 200);
    }
}
