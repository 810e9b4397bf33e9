package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calibration negatives (nlp-models/risk-calibration/) choose the check threshold and are never trained on; a
 * change to them makes the stored net stale like any training line.
 */
class RiskCalibrationTest {

    @Test
    void calibrationLinesAreReadBesideTheRiskLinesButNeverTaughtAndTheyMakeTheNetStale(@TempDir Path models)
            throws Exception {
        Path risk = Files.createDirectories(models.resolve("risk"));
        Files.writeString(risk.resolve("lines.tsv"), "label\ttext\nsuicide_self_harm:urgent\tI want to end it all\n"
                + "none\tthis traffic is killing me\n");
        RiskTraining without = RiskTraining.load(risk);
        Path calibration = Files.createDirectories(models.resolve(RiskTraining.CALIBRATION_DIR));
        Files.writeString(calibration.resolve("negatives.tsv"), "label\ttext\nnone\tmy nan's funeral was lovely\n");
        RiskTraining with = RiskTraining.load(risk);
        assertThat(RiskNet.calibration(with.lines())).containsExactly("my nan's funeral was lovely");
        assertThat(RiskNet.examples(with.lines())).extracting(RiskNet.Example::text)
                .doesNotContain("my nan's funeral was lovely");
        assertThat(with.hash(RiskNet.PIPELINE_VERSION)).isNotEqualTo(without.hash(RiskNet.PIPELINE_VERSION));

        Files.writeString(calibration.resolve("negatives.tsv"), "label\ttext\nsuicide_self_harm:urgent\tgoodbye\n");
        assertThatThrownBy(() -> RiskTraining.load(risk)).hasMessageContaining("a calibration line is a hard negative");
    }
}
