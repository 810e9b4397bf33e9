package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.waymark.evaluation.LabelledLines;

/** {@code nlu evaluate-risk FILE} on the detector patients get: recall per category and level, misses named. */
class RiskEvaluationTest {
    static final RiskDetector DETECTOR = RiskDetectors.standard();

    @Test
    void printsRecallPerCategoryAndLevelFalseAlarmsAndEveryMiss(@TempDir Path dir) throws IOException {
        Path set = dir.resolve("risk.tsv");
        Files.write(set, List.of("label\ttext", "suicide_self_harm:urgent\tI want to kill myself",
                "suicide_self_harm:check\tzzzz qqqq", "medical_emergency:emergency\tI can't breathe",
                "none\tthank you, see you on Tuesday", "none\twhat time does the walking group start"));
        RiskEvaluation.Result result = RiskEvaluation.evaluate(LabelledLines.read(set), DETECTOR);
        assertThat(result.recall("suicide_self_harm")).isEqualTo(0.5);
        assertThat(result.crisisFalseAlarms()).isZero();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RiskEvaluation.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("suicide_self_harm", "medical_emergency", "recall by the level the line needs")
                .contains("line 3 suicide_self_harm:check  zzzz qqqq")
                .contains("negatives 2: crisis-level false alarms 0 (0.0%)");
        List<String> lines = out.lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches(
                "risk recall=0\\.667 crisisFalseAlarms=0\\.000 checkPrompts=0\\.000");
    }

    @Test
    void anUnknownCategoryOrLevelIsRefusedNamingTheLine(@TempDir Path dir) throws IOException {
        Path set = dir.resolve("risk.tsv");
        Files.write(set, List.of("label\ttext", "none\thello", "suicide:urgent\tI want to die"));
        assertThatThrownBy(() -> RiskEvaluation.evaluate(LabelledLines.read(set), DETECTOR))
                .hasMessageContaining("line 3").hasMessageContaining("suicide:urgent");
        Files.write(set, List.of("label\ttext", "harm_to_others:soon\tI will hurt him"));
        assertThatThrownBy(() -> RiskEvaluation.evaluate(LabelledLines.read(set), DETECTOR))
                .hasMessageContaining("line 2");
    }
}
