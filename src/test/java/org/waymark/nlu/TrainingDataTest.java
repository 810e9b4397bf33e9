package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.waymark.taxonomy.Need;

class TrainingDataTest {

    static final Path DIR = Path.of("nlp-models");

    static TrainingData project() throws IOException {
        return TrainingData.load(name -> Files.readAllBytes(DIR.resolve(name)));
    }

    @Test
    void everyNeedAndIntentHasItsMinimumNumberOfExamples() throws IOException {
        TrainingData data = project();
        data.needCounts().forEach((need, count) ->
                assertThat(count).as(need.code()).isGreaterThanOrEqualTo(TrainingData.MIN_PER_NEED));
        assertThat(data.needCounts()).containsOnlyKeys(Need.values());
        for (String intent : Intents.ALL) {
            assertThat(data.intents().getOrDefault(intent, java.util.List.of()).size()
                    + (intent.equals(Intents.INFORM) ? data.needs().size() : 0))
                    .as(intent).isGreaterThanOrEqualTo(TrainingData.MIN_PER_INTENT);
        }
        assertThat(data.intents().keySet()).isSubsetOf(Intents.ALL);
    }

    @Test
    void someExamplesCarrySeveralNeeds() throws IOException {
        assertThat(project().needs().stream().filter(e -> e.needs().size() > 1).count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void yamlWordsLikeYesAndNoStayText() throws IOException {
        assertThat(project().intents().get(Intents.AFFIRM)).contains("yes", "y");
        assertThat(project().intents().get(Intents.DENY)).contains("no", "n");
    }

    @Test
    void unknownIntentIsRefusedNamingTheFile() {
        Map<String, String> files = Map.of(TrainingData.INTENTS_FILE, "intents:\n  gret:\n    - hello\n",
                TrainingData.NEEDS_FILE, "needs: []\n");
        assertThatThrownBy(() -> TrainingData.load(name -> files.get(name).getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("intents.yml").hasMessageContaining("gret");
    }

    @Test
    void unknownNeedIsRefusedNamingTheFile() {
        Map<String, String> files = Map.of(TrainingData.INTENTS_FILE, "intents:\n  greet:\n    - hello\n",
                TrainingData.NEEDS_FILE, "needs:\n  - needs: [lonelyness]\n    examples:\n      - I'm lonely\n");
        assertThatThrownBy(() -> TrainingData.load(name -> files.get(name).getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("needs.yml").hasMessageContaining("lonelyness");
    }

    @Test
    void thinDataIsRefusedWithEveryShortfallListed() {
        Map<String, String> files = Map.of(TrainingData.INTENTS_FILE, "intents:\n  greet:\n    - hello\n",
                TrainingData.NEEDS_FILE, "needs:\n  - needs: [loneliness]\n    examples:\n      - I'm lonely\n");
        assertThatThrownBy(() -> TrainingData.load(name -> files.get(name).getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'greet' has 1 examples").hasMessageContaining("'money' has 0 examples");
    }

    @Test
    void theCommittedModelsWereBuiltFromTheCommittedData() throws IOException {
        String stored = Files.readString(DIR.resolve(NluModels.HASH_FILE)).trim();
        assertThat(stored).as("run: java -jar target/waymark.jar nlu train").isEqualTo(project().hash());
    }
}
