package org.waymark.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): how the nets alone read the messages the
 * patterns raise to a crisis, risky lines and negatives apart, so a rule letting the nets temper a pattern's crisis
 * can be weighed on lines outside training. Prints counts only, never a line: {@code mvn -o -q test
 * -Dtest=PatternCrisisNetReadingMeasurement -Dsurefire.failIfNoSpecifiedTests=false [-Ddir=nlp-models/risk-pending]};
 * lines start "PATTERN CRISIS".
 */
class PatternCrisisNetReadingMeasurement {

    @Test
    void measure() throws Exception {
        Path dir = Path.of(System.getProperty("dir", "nlp-models/risk-pending"));
        LayeredRiskDetector detector = RiskDetectors.nets(Path.of("nlp-models/risk"));
        Map<String, Integer> counts = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(f -> f.toString().endsWith(".tsv")).sorted().toList();
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (String line : lines.subList(1, lines.size())) {
                String[] cols = line.split("\t", 2);
                if (cols.length < 2 || !detector.assessPatternsOnly(cols[1]).risky()) {
                    continue;
                }
                Risk net = detector.netOnly(cols[1]);
                String reading = net.risky() ? "crisis" : net.check() ? "check" : "none";
                counts.merge((cols[0].equals(RiskNet.NONE) ? "negatives" : "risky lines") + ", nets read " + reading,
                        1, Integer::sum);
            }
        }
        counts.forEach((k, v) -> System.out.println("PATTERN CRISIS " + dir + ": " + k + " " + v));
    }
}
