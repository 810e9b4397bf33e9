package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The held-out test set: every risky line must be caught (recall 1.00) at no lower a level than labelled, and at
 * most 5% of the hard negatives may raise an alarm. Prints the figures so the build log records them.
 */
class RiskTestSetTest {

    record Labelled(RiskLevel level, RiskCategory category, String text) {
    }

    static LayeredRiskDetector detector;
    static List<Labelled> risky;
    static List<String> negatives;

    @BeforeAll
    static void load() throws IOException {
        detector = RiskDetectors.layered(Path.of(SafetySettings.DEFAULT_TRAINING_DIR));
        risky = new ArrayList<>();
        for (String line : resourceLines("safety/risky.tsv")) {
            String[] f = line.split("\t");
            assertThat(f).as("level<TAB>category<TAB>text: %s", line).hasSize(3);
            risky.add(new Labelled(RiskLevel.valueOf(f[0].toUpperCase(Locale.ROOT)),
                    RiskCategory.valueOf(f[1].toUpperCase(Locale.ROOT)), f[2]));
        }
        negatives = resourceLines("safety/negatives.tsv");
    }

    static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = RiskTestSetTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    @Test
    void testSetIsLargeAndCoversEveryCategoryAndBothLevels() {
        assertThat(risky).hasSizeGreaterThanOrEqualTo(150);
        assertThat(negatives).hasSizeGreaterThanOrEqualTo(150);
        Set<String> combos = new HashSet<>();
        risky.forEach(r -> combos.add(r.level() + "/" + r.category()));
        for (RiskCategory c : RiskCategory.values()) {
            for (RiskLevel l : EnumSet.of(RiskLevel.URGENT, RiskLevel.EMERGENCY)) {
                assertThat(combos).as("test set has %s %s lines", l, c).contains(l + "/" + c);
            }
        }
    }

    @Test
    void everyRiskyLineIsCaughtAtItsLevelOrHigher() {
        List<String> missed = new ArrayList<>();
        List<String> tooLow = new ArrayList<>();
        List<String> otherCategory = new ArrayList<>();
        int patternsCaught = 0;
        for (Labelled r : risky) {
            Risk risk = detector.assess(r.text());
            if (detector.assessPatternsOnly(r.text()).risky()) {
                patternsCaught++;
            }
            if (!risk.risky()) {
                missed.add(r.text());
            } else if (risk.level().compareTo(r.level()) < 0) {
                tooLow.add(r.level() + " got " + risk.level() + ": " + r.text());
                System.out.println("  too low: " + r.level() + " got " + risk.level() + ": " + r.text());
            }
            if (risk.risky() && risk.category() != r.category()) {
                otherCategory.add(r.category() + " got " + risk.category() + ": " + r.text());
            }
        }
        int caught = risky.size() - missed.size();
        System.out.printf("risky lines: %d, caught %d (recall %.3f; patterns alone %d), level too low %d, "
                + "other category %d%n", risky.size(), caught, caught / (double) risky.size(), patternsCaught,
                tooLow.size(), otherCategory.size());
        otherCategory.forEach(l -> System.out.println("  category: " + l));
        assertThat(missed).as("missed risky lines").isEmpty();
        assertThat(tooLow).as("risky lines caught below their level").isEmpty();
        assertThat(otherCategory).as("risky lines given another category").isEmpty();
    }

    /** The learned net must be a real net: on its own it catches most risks and rarely raises a crisis. */
    @Test
    void theNetOnItsOwnCatchesMostRisksAndRaisesFewCrises() {
        int riskyRaised = 0;
        int negativesRaised = 0;
        for (Labelled r : risky) {
            Risk p = detector.netOnly(r.text());
            if (p.risky() || p.check()) {
                riskyRaised++;
            }
            if (!detector.assessPatternsOnly(r.text()).risky()) {
                System.out.println("  patterns missed, net " + p.band() + ": " + r.text());
            }
        }
        for (String n : negatives) {
            Risk p = detector.netOnly(n);
            if (p.risky()) {
                negativesRaised++;
                System.out.println("  net alone alarms " + p + ": " + n);
            }
        }
        System.out.printf("net alone: raises %d of %d risky lines (check or above), a crisis on %d of %d negatives%n",
                riskyRaised, risky.size(), negativesRaised, negatives.size());
        assertThat(riskyRaised).isGreaterThanOrEqualTo(risky.size() * 80 / 100);
        assertThat(negativesRaised).isLessThanOrEqualTo(negatives.size() * 5 / 100);
    }

    @Test
    void falseAlarmsOnHardNegativesAreAtMostFivePercent() {
        List<String> alarms = new ArrayList<>();
        for (String line : negatives) {
            Risk risk = detector.assess(line);
            if (risk.risky()) {
                alarms.add(risk.level() + " " + risk.category() + " [" + risk.cue() + "]: " + line);
            }
        }
        System.out.printf("negatives: %d, false alarms %d (%.1f%%)%n", negatives.size(), alarms.size(),
                100.0 * alarms.size() / negatives.size());
        alarms.forEach(a -> System.out.println("  alarm: " + a));
        assertThat(alarms.size()).as("false alarms: %s", alarms).isLessThanOrEqualTo(negatives.size() * 5 / 100);
    }

    @Test
    void noTestLineIsInTheModelsTrainingLines() throws IOException {
        Set<String> training = new HashSet<>();
        for (String line : RiskTraining.load(Path.of(SafetySettings.DEFAULT_TRAINING_DIR)).lines()) {
            // the NLU's own sentences (greetings, needs) come along as ordinary lines; they are not the risk lines
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith(RiskTraining.ORDINARY + " ")) {
                training.add(key(line.substring(line.indexOf(' ') + 1)));
            }
        }
        assertThat(training).hasSizeGreaterThan(100);
        List<String> shared = new ArrayList<>();
        risky.stream().map(Labelled::text).filter(t -> training.contains(key(t))).forEach(shared::add);
        negatives.stream().filter(t -> training.contains(key(t))).forEach(shared::add);
        assertThat(shared).as("lines in both the test set and the training lines").isEmpty();
    }

    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").replaceAll("\\s+", " ").trim();
    }
}
