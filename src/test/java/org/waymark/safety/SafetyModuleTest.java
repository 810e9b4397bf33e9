package org.waymark.safety;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Module-level guarantees: no logs (so no patient words in logs), no throwing on odd input, fail-closed start. */
class SafetyModuleTest {

    private static final JavaClasses SAFETY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.waymark.safety");

    @Test
    void safetyModuleWritesNoLogs() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "java.util.logging..",
                "org.apache.commons.logging..", "org.apache.logging..", "ch.qos.logback..")
                .check(SAFETY);
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(SAFETY);
    }

    @Test
    void oddInputNeverThrows() {
        RiskDetector detector = RiskDetectorBehaviourTest.DETECTOR;
        String[] odd = {"\u0000\u0001", "\uD83D\uDE22\uD83D\uDE22\uD83D\uDE22", "...,,,;;;", "2 2 2 4 4",
            "i ".repeat(5000) + "want to die", "x".repeat(20000), "'''\"\"\"", "\u202Ekms\u202C", "KMS!!!",
            "i\u2019m gonna kms \uD83D\uDE2D", "tel: +44 7700 900123"};
        for (String text : odd) {
            assertThat(detector.assess(text)).as(text.length() > 40 ? text.substring(0, 40) : text).isNotNull();
        }
        assertThat(detector.assess("i ".repeat(5000) + "want to die").risky()).isTrue();
        assertThat(detector.assess("i\u2019m gonna kms \uD83D\uDE2D").risky()).isTrue();
    }

    @Test
    void withoutTrainingLinesTheDetectorRefusesToStart(@TempDir Path empty) {
        if (getClass().getClassLoader().getResource(RiskTraining.CLASSPATH_FILE) != null) {
            assertThat(RiskDetectors.fromTrainingDir(empty).assess("kms").risky()).isTrue();
        } else {
            assertThatThrownBy(() -> RiskDetectors.fromTrainingDir(empty))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no risk training lines");
        }
    }
}
