package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each language's data folder ({@code nlp-models/<code>/training/}): exactly the English intents, refused with its
 * file and line otherwise, and the committed models built from the committed data.
 */
class LanguageDataTest {

    static final Path DIR = Path.of("nlp-models");

    @Test
    void aLanguageWithAMissingIntentIsRefusedNamingItsFileAndLine(@TempDir Path dir) throws IOException {
        Path training = Files.createDirectories(dir.resolve("xx").resolve("training"));
        StringBuilder intents = new StringBuilder("# a language that forgot 'more'\nintents:\n");
        for (String intent : Intents.ALL.stream().sorted().toList()) {
            if (!intent.equals(Intents.MORE)) {
                intents.append("  ").append(intent).append(":\n    - one\n");
            }
        }
        Files.writeString(training.resolve("intents.yml"), intents);
        Files.writeString(training.resolve("needs.yml"), "needs: []\n");
        Files.createDirectories(dir.resolve("training"));
        Files.copy(DIR.resolve(TrainingData.INTENTS_FILE), dir.resolve(TrainingData.INTENTS_FILE));
        assertThat(Languages.others(dir)).containsExactly("xx");
        assertThatThrownBy(() -> LanguageNlu.loadOrBuild(dir, "xx"))
                .hasMessageContaining("xx/training/intents.yml line 2").hasMessageContaining("[more]");
    }

    @Test
    void anUnknownIntentIsRefusedNamingItsLine(@TempDir Path dir) throws IOException {
        Path training = Files.createDirectories(dir.resolve("xx").resolve("training"));
        Files.writeString(training.resolve("intents.yml"), "intents:\n  greet:\n    - salam\n  gret:\n    - hi\n");
        Files.writeString(training.resolve("needs.yml"), "needs: []\n");
        assertThatThrownBy(() -> LanguageNlu.loadOrBuild(dir, "xx"))
                .hasMessageContaining("xx/training/intents.yml line 4").hasMessageContaining("'gret'");
    }

    @Test
    void everyLanguageHasTheEnglishIntentsAndItsCommittedModelsAreFresh() throws IOException {
        List<String> languages = List.copyOf(Languages.others(DIR));
        assertThat(languages).contains("bn");
        for (String code : languages) {
            TrainingData data = TrainingData.load(Languages.source(DIR, code), Languages.prefix(code));
            assertThat(data.intents().keySet()).as(code).containsExactlyInAnyOrderElementsOf(Intents.ALL);
            String stored = Files.readString(Languages.dir(DIR, code).resolve(LanguageModels.HASH_FILE)).trim();
            assertThat(stored).as(code + ": run java -jar target/waymark.jar nlu train")
                    .isEqualTo(LanguageModels.hash(data));
        }
    }
}
