package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NluCommandTest {

    @Test
    void evaluatePrintsPerIntentFiguresAndAccuracyLast(@TempDir Path dir) throws IOException {
        Path train = dir.resolve("train.tsv");
        Path test = dir.resolve("test.tsv");
        Files.write(train, List.of("greet\thello", "greet\thi there", "greet\thiya", "bye\tgoodbye",
                "bye\tsee you later", "bye\tbye bye"));
        Files.write(test, List.of("greet\thello there", "bye\tbye now"));
        String out = capture(() -> assertThat(NluCommand.run(new String[] {"evaluate", train.toString(),
                test.toString()})).isZero());
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).contains("precision", "recall", "f1");
        assertThat(out).contains("greet", "bye");
        assertThat(lines.get(lines.size() - 1)).matches("accuracy=\\d\\.\\d{4} macroF1=\\d\\.\\d{4}");
    }

    @Test
    void trainWritesModelsAndAStaleModelIsRebuiltOnLoad(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("training"));
        for (String file : List.of(TrainingData.INTENTS_FILE, TrainingData.NEEDS_FILE)) {
            // fewer examples: the command and the staleness are what is tested, and every model trains twice
            Files.write(dir.resolve(file), fewerExamples(Files.readAllLines(Path.of("nlp-models").resolve(file))));
        }
        capture(() -> assertThat(NluCommand.run(new String[] {"train", dir.toString()})).isZero());
        assertThat(dir.resolve(NluModels.INTENT_MODEL)).exists();
        assertThat(dir.resolve(NluModels.NEEDS_MODEL)).exists();
        String hash = Files.readString(dir.resolve(NluModels.HASH_FILE)).trim();

        Files.writeString(dir.resolve(TrainingData.INTENTS_FILE), "\n    - howdy partner\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        NluModels rebuilt = OpenNlpNlu.loadOrBuild(dir);
        String newHash = Files.readString(dir.resolve(NluModels.HASH_FILE)).trim();
        assertThat(newHash).isNotEqualTo(hash).isEqualTo(rebuilt.dataHash());
        assertThat(NluModels.readIfFresh(name -> Files.readAllBytes(dir.resolve(name)), newHash)).isPresent();
    }

    /** The YAML with the first 20 examples of each list (the least an intent may have) and every tenth after. */
    private static List<String> fewerExamples(List<String> lines) {
        List<String> out = new java.util.ArrayList<>();
        int inList = 0;
        for (String line : lines) {
            boolean example = line.stripLeading().startsWith("- ") && !line.stripLeading().startsWith("- needs:");
            inList = example ? inList + 1 : 0;
            if (!example || inList <= 20 || inList % 10 == 1) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void withoutTheModelsFolderThePackagedCopiesAreUsed(@TempDir Path dir) throws IOException {
        NluModels packaged = OpenNlpNlu.loadOrBuild(dir.resolve("no-such-folder"));
        TrainingData data = TrainingData.load(name -> Files.readAllBytes(Path.of("nlp-models").resolve(name)));
        assertThat(packaged.dataHash()).isEqualTo(data.hash());
        assertThat(dir.resolve("no-such-folder")).doesNotExist();
    }

    @Test
    void evaluateNeedsPrintsPerNeedF1EveryMissAndMicroF1Last(@TempDir Path dir) throws IOException {
        Path set = dir.resolve("needs.tsv");
        Files.write(set, List.of("label\ttext", "loneliness\tI am so lonely since my wife died",
                "money,housing\tI can't pay the rent and the landlord wants me out", "none\tthank you",
                "volunteering\tzzzz qqqq"));
        String out = capture(() -> assertThat(NluCommand.run(new String[] {"evaluate-needs", set.toString()}))
                .isZero());
        assertThat(out).contains("loneliness", "volunteering", "multi-need messages found exactly: ")
                .contains("line 5 expected volunteering got none  zzzz qqqq");
        List<String> lines = out.lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("needs microF1=\\d\\.\\d{3} precision=\\d\\.\\d{3} "
                + "recall=\\d\\.\\d{3}");
    }

    @Test
    void aSetWithoutItsHeaderOrWithAnUnknownNeedIsRefusedNamingTheLine(@TempDir Path dir) throws IOException {
        Path noHeader = dir.resolve("a.tsv");
        Files.write(noHeader, List.of("money\tskint"));
        Path unknown = dir.resolve("b.tsv");
        Files.write(unknown, List.of("label\ttext", "money\tskint", "moneyy\tbrassic"));
        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(NluCommand.run(new String[] {"evaluate-needs", noHeader.toString()})).isEqualTo(1);
            assertThat(NluCommand.run(new String[] {"evaluate-needs", unknown.toString()})).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("line 1: expected the header")
                .contains("line 3: unknown need 'moneyy'");
    }

    @Test
    void unknownSubcommandPrintsUsage() {
        assertThat(NluCommand.run(new String[] {"frobnicate"})).isEqualTo(2);
    }

    private static String capture(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
