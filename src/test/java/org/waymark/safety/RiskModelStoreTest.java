package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.waymark.embedding.SentenceEmbeddings;

/** The trained risk net is kept beside its lines, read at start-up, and never used once the lines change. */
class RiskModelStoreTest {

    /** A small set of lines, so a test can train a net of its own in a second or two. */
    static final List<String> SMALL = smallLines();

    private static List<String> smallLines() {
        List<String> lines = new java.util.ArrayList<>(List.of("label\ttext"));
        String[] risky = {"i want to end my life", "i keep thinking about killing myself", "i have the pills ready",
            "everyone would be better off without me", "i wrote goodbye letters to my kids", "tonight is the night"};
        String[] abuse = {"my husband hits me", "he threatens me every night", "he takes all my money and locks me in",
            "my carer shouts at me and takes my pension", "my boyfriend checks my phone and wont let me out",
            "she pushed me down the stairs"};
        String[] none = {"i would like to join a walking group", "i feel lonely since i retired",
            "money is tight this month", "where is the nearest choir", "my knees are killing me",
            "i could murder a cup of tea", "looking for a gardening club", "is there anything on tuesdays",
            "i need help with my benefits form", "my mum has dementia and i care for her", "thanks for that",
            "what time does it start"};
        for (String r : risky) {
            lines.add("suicide_self_harm:urgent\t" + r);
        }
        for (String a : abuse) {
            lines.add("abuse_safeguarding:urgent\t" + a);
        }
        for (String n : none) {
            lines.add("none\t" + n);
        }
        return lines;
    }

    @Test
    void theCommittedNetWasBuiltFromTheCommittedLines() {
        RiskTraining committed = RiskTraining.load(Path.of(SafetySettings.DEFAULT_TRAINING_DIR));
        assertThat(committed.dir()).as("run from the project folder").isPresent();
        assertThat(committed.stored(RiskNet.STORED))
                .as("nlp-models/risk/%s is stale: run java -jar target/waymark.jar nlu train and commit the "
                        + "retrained net and %s", RiskTraining.NET_FILE, RiskTraining.NET_HASH_FILE)
                .isPresent();
    }

    @Test
    void theCommittedNetIsReadAtStartUpInWellUnderASecond() throws Exception {
        RiskTraining committed = RiskTraining.load(Path.of(SafetySettings.DEFAULT_TRAINING_DIR));
        byte[] bytes = committed.stored(RiskNet.STORED).orElseThrow();
        RiskNet.read(bytes);
        long start = System.nanoTime();
        RiskNet net = RiskNet.read(bytes);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("risk net: read in %.3f s (check from %.3f, crisis from %.3f)%n", seconds, net.checkAt(),
                net.crisisAt());
        assertThat(seconds).isLessThan(1.0);
        assertThat(net.checkAt()).isGreaterThan(0).isLessThanOrEqualTo(net.crisisAt());
    }

    @Test
    void aMissingNetIsTrainedAndSavedThenReadBackTheSame(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("lines.tsv"), SMALL, StandardCharsets.UTF_8);
        RiskTraining training = RiskTraining.load(dir);
        assertThat(training.stored(RiskNet.STORED)).isEmpty();

        RiskNet first = load(training);

        assertThat(dir.resolve(RiskTraining.NET_FILE)).exists();
        assertThat(Files.readString(dir.resolve(RiskTraining.NET_HASH_FILE)).trim())
                .isEqualTo(training.hash(RiskNet.PIPELINE_VERSION));
        RiskNet again = load(RiskTraining.load(dir));
        String text = "i keep thinking about killing myself";
        float[] v = SentenceEmbeddings.shared().embed(text).clone();
        assertThat(again.judge(v)).isEqualTo(first.judge(v));
        assertThat(again.checkAt()).isEqualTo(first.checkAt());
        assertThat(again.crisisAt()).isEqualTo(first.crisisAt());
    }

    @Test
    void changedLinesMakeTheStoredNetStaleAndItIsRetrained(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("lines.tsv"), SMALL, StandardCharsets.UTF_8);
        load(RiskTraining.load(dir));
        String oldHash = Files.readString(dir.resolve(RiskTraining.NET_HASH_FILE)).trim();

        Files.writeString(dir.resolve("more.txt"), "suicide_self_harm i have been saving up my tablets\n");

        RiskTraining changed = RiskTraining.load(dir);
        assertThat(changed.hash(RiskNet.PIPELINE_VERSION)).isNotEqualTo(oldHash);
        assertThat(changed.stored(RiskNet.STORED)).as("a net built from other lines is never used").isEmpty();
        load(changed);
        assertThat(Files.readString(dir.resolve(RiskTraining.NET_HASH_FILE)).trim())
                .isEqualTo(changed.hash(RiskNet.PIPELINE_VERSION));
    }

    @Test
    void aCorruptStoredNetIsRetrainedNotTrusted(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("lines.tsv"), SMALL, StandardCharsets.UTF_8);
        RiskTraining training = RiskTraining.load(dir);
        Files.write(dir.resolve(RiskTraining.NET_FILE), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve(RiskTraining.NET_HASH_FILE), training.hash(RiskNet.PIPELINE_VERSION));

        load(training);

        assertThat(Files.size(dir.resolve(RiskTraining.NET_FILE))).isGreaterThan(3);
        RiskNet.read(Files.readAllBytes(dir.resolve(RiskTraining.NET_FILE)));
    }

    @Test
    void aTsvWithoutItsHeaderIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("risky.tsv"), SMALL.subList(1, SMALL.size()), StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RiskTraining.load(dir))
                .hasMessageContaining("risky.tsv").hasMessageContaining("header");
    }

    @Test
    void levelledAndOlderLinesAreReadAlike(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.tsv"), List.of("label\ttext", "suicide_self_harm:check\ti feel a burden"),
                StandardCharsets.UTF_8);
        Files.write(dir.resolve("b.txt"), List.of("# older lines", "abuse_safeguarding he hits me"),
                StandardCharsets.UTF_8);
        assertThat(RiskNet.examples(RiskTraining.load(dir).lines())).containsExactly(
                new RiskNet.Example("suicide_self_harm:check", "i feel a burden"),
                new RiskNet.Example("abuse_safeguarding:urgent", "he hits me"));
    }

    private static RiskNet load(RiskTraining training) {
        return RiskNet.loadOrTrain(training, new TextNormaliser(), new RiskPatterns(), SentenceEmbeddings.shared());
    }
}
