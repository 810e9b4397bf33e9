package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Past and recovered history (issue 15): a risk the patient puts in the past and says is over gets no crisis reply
 * and no question, but a note for the link worker; anything that brings it back into the present is still a crisis.
 */
class PastRiskTest {

    private static final RiskDetector DETECTOR = RiskDetectorBehaviourTest.DETECTOR;

    @ParameterizedTest
    @ValueSource(strings = {
        "self harmed as a teenager, fine now",
        "i tried to take my own life at 19, i'm 35 now and doing really well, i'd like to volunteer",
        "I left an abusive marriage twenty years ago and I've had lots of support since. I'd like to make friends.",
        "took an overdose back in 2010 but that's all behind me now, is there a choir",
    })
    void aPastRiskTheyAreOverIsANoteNotACrisis(String text) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.risky()).as("crisis reply for: " + text).isFalse();
        assertThat(risk.check()).as("check question for: " + text).isFalse();
        assertThat(risk.history()).as("history note for: " + text).isTrue();
        assertThat(risk.band()).isEqualTo("none");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "self harmed as a teenager and it's started again",
        "i took an overdose in 2015 and was fine for years but i've been saving my tablets",
        "I left him years ago and I'm safe now but he found me last night",
        "i tried to kill myself at 19, i'm fine now, but tonight i want to do it again",
        // putting affairs in order is not "sorted" in the sense of over, and a goodbye is the present
        "wrote a will last month and sorted out who gets the cat. i won't be here much longer",
        "gave my tools to my grandson last week, it's all sorted, goodbye",
    })
    void whatBringsItBackIsStillACrisis(String text) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.history()).as("history note for: " + text).isFalse();
        assertThat(risk.risky() || risk.check()).as("raised: " + text).isTrue();
    }

    /** The rule must never turn a line written as a risk into a note: every risky training line is checked. */
    @Test
    void noRiskyTrainingLineIsReadAsPastAndOver() throws IOException {
        TextNormaliser normaliser = new TextNormaliser();
        RiskPatterns patterns = new RiskPatterns();
        List<String> turned = new ArrayList<>();
        int read = 0;
        List<Path> files;
        try (Stream<Path> dir = Files.list(Path.of(SafetySettings.DEFAULT_TRAINING_DIR))) {
            files = dir.filter(f -> f.getFileName().toString().matches("risky.*\\.tsv")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(4);
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String text = line.substring(line.indexOf('\t') + 1);
                read++;
                if (patterns.assess(normaliser.normalise(text)).history() != null) {
                    turned.add(line);
                }
            }
        }
        assertThat(read).isGreaterThan(4500);
        assertThat(turned).as("risky lines read as past and over").isEmpty();
    }
}
