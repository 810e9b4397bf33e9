package org.waymark.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): which reading raises the crisis alarms and
 * check questions on a set's negatives (the patterns, the nets on the whole message, or the sentence reading of a
 * long one). Prints counts only, never a line, so it may be run on a kept-apart set: {@code mvn -o -q test
 * -Dtest=LongMessageAlarmSourcesMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dset=FILE}; lines start "SOURCES".
 */
class LongMessageAlarmSourcesMeasurement {

    @Test
    void measure() throws Exception {
        String set = System.getProperty("set", "nlp-models/kept-apart/risk-long.tsv");
        // the lines the patterns alarm on, for a set that is not kept apart only (the calibration set, training)
        boolean show = Boolean.getBoolean("show") && !set.contains("kept-apart");
        LayeredRiskDetector detector = RiskDetectors.nets(Path.of("nlp-models/risk"));
        List<String> lines = Files.readAllLines(Path.of(set));
        int negatives = 0;
        int[] crisis = new int[3];
        int[] check = new int[3];
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", 2);
            if (cols.length < 2 || !cols[0].equals(RiskNet.NONE)) {
                continue;
            }
            negatives++;
            String text = cols[1];
            Risk[] readings = {detector.assessPatternsOnly(text), detector.netOnly(text),
                    text.strip().length() > LayeredRiskDetector.LONG_MESSAGE
                            ? detector.bySentence(text, detector.sentenceCheckAt())
                            : null};
            if (show && readings[0].risky()) {
                System.out.println("SHOWN " + readings[0].category() + " " + readings[0].cue() + "\t" + text);
            }
            for (int i = 0; i < readings.length; i++) {
                Risk r = readings[i];
                if (r != null && r.risky()) {
                    crisis[i]++;
                } else if (r != null && r.check()) {
                    check[i]++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "SOURCES %d negatives; crisis by patterns %d, whole-message nets %d, sentences %d;"
                + " check by patterns %d, whole-message nets %d, sentences %d%n", negatives, crisis[0], crisis[1],
                crisis[2], check[0], check[1], check[2]);
    }
}
