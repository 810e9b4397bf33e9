package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trained risk model is kept beside its lines and never used once the lines change. */
class RiskModelStoreTest {

    private static final List<String> SAMPLE = List.of(
            "i want to end my life", "i keep thinking about killing myself", "my husband hits me",
            "he threatens me every night", "i would like to join a walking group", "i feel lonely since i retired",
            "money is tight this month", "where is the nearest choir");

    @Test
    void theCommittedModelWasBuiltFromTheCommittedLines() {
        RiskTraining committed = RiskTraining.load(Path.of(SafetySettings.DEFAULT_TRAINING_DIR));
        assertThat(committed.dir()).as("run from the project folder").isPresent();
        assertThat(committed.storedModel())
                .as("nlp-models/risk/%s is stale: start the app once from the project folder (mvn spring-boot:run) "
                        + "and commit the retrained model and %s", RiskTraining.MODEL_FILE, RiskTraining.HASH_FILE)
                .isPresent();
    }

    @Test
    void theStoredModelPredictsAsAFreshlyTrainedOneDoes() {
        RiskTraining committed = RiskTraining.load(Path.of(SafetySettings.DEFAULT_TRAINING_DIR));
        TextNormaliser normaliser = new TextNormaliser();
        RiskModel stored = RiskModel.loadOrTrain(committed, normaliser, 0.6);
        RiskModel trained = RiskModel.train(committed.lines(), normaliser, 0.6);
        for (String line : SAMPLE) {
            String text = normaliser.normalise(line);
            assertThat(stored.predict(text).category()).as(line).isEqualTo(trained.predict(text).category());
            assertThat(stored.predict(text).probability()).as(line)
                    .isCloseTo(trained.predict(text).probability(), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void aMissingModelIsTrainedAndSavedThenReadBack(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("lines.txt"), committedLines(), StandardCharsets.UTF_8);
        RiskTraining training = RiskTraining.load(dir);
        assertThat(training.storedModel()).isEmpty();

        RiskModel first = RiskModel.loadOrTrain(training, new TextNormaliser(), 0.6);

        assertThat(dir.resolve(RiskTraining.MODEL_FILE)).exists();
        assertThat(Files.readString(dir.resolve(RiskTraining.HASH_FILE)).trim()).isEqualTo(training.hash());
        assertThat(RiskTraining.load(dir).storedModel()).isPresent();
        RiskModel again = RiskModel.loadOrTrain(RiskTraining.load(dir), new TextNormaliser(), 0.6);
        String risky = new TextNormaliser().normalise("i keep thinking about killing myself");
        assertThat(again.predict(risky).category()).isEqualTo(first.predict(risky).category());
    }

    @Test
    void changedLinesMakeTheStoredModelStaleAndItIsRetrained(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("lines.txt"), committedLines(), StandardCharsets.UTF_8);
        RiskModel.loadOrTrain(RiskTraining.load(dir), new TextNormaliser(), 0.6);
        String oldHash = Files.readString(dir.resolve(RiskTraining.HASH_FILE)).trim();

        Files.writeString(dir.resolve("more.txt"), "suicide_self_harm i have been saving up my tablets\n");

        RiskTraining changed = RiskTraining.load(dir);
        assertThat(changed.hash()).isNotEqualTo(oldHash);
        assertThat(changed.storedModel()).as("a model built from other lines is never used").isEmpty();
        RiskModel.loadOrTrain(changed, new TextNormaliser(), 0.6);
        assertThat(Files.readString(dir.resolve(RiskTraining.HASH_FILE)).trim()).isEqualTo(changed.hash());
    }

    @Test
    void aCorruptStoredModelIsRetrainedNotTrusted(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("lines.txt"), committedLines(), StandardCharsets.UTF_8);
        RiskTraining training = RiskTraining.load(dir);
        Files.write(dir.resolve(RiskTraining.MODEL_FILE), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve(RiskTraining.HASH_FILE), training.hash());

        RiskModel model = RiskModel.loadOrTrain(training, new TextNormaliser(), 0.6);

        String risky = new TextNormaliser().normalise("i keep thinking about killing myself");
        assertThat(model.predict(risky).category()).isEqualTo(RiskCategory.SUICIDE_SELF_HARM);
        assertThat(Files.size(dir.resolve(RiskTraining.MODEL_FILE))).isGreaterThan(3);
    }

    private static List<String> committedLines() {
        return RiskTraining.load(Path.of(SafetySettings.DEFAULT_TRAINING_DIR)).lines();
    }
}
