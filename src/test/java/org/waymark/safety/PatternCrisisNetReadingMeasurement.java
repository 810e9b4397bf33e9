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
 * patterns raise to a crisis, risky lines and negatives apart, and what the detector answers them (the patterns'
 * crisis, or a check where the nets tempered it) and how many of the patterns' urgent readings the nets raise to an
 * emergency, by the level each line needs, so those rules are weighed on lines outside training. Prints counts
 * only, never a line: {@code mvn -o -q test
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
                String kind = cols[0].equals(RiskNet.NONE) ? "negatives" : "risky lines";
                counts.merge(kind + ", nets read " + reading, 1, Integer::sum);
                Risk risk = detector.assess(cols[1]);
                counts.merge(kind + ", answered " + (risk.tempered() ? "tempered to a check" : risk.band()), 1,
                        Integer::sum);
                if (risk.tempered()) {
                    counts.merge(kind + ", tempered, category " + risk.category().code(), 1, Integer::sum);
                    if (risk.category().code().equals(System.getProperty("show"))) {
                        System.out.println("TEMPERED " + risk.cue() + " | " + cols[1]); // not for kept-apart sets
                    }
                }
                if (detector.assessPatternsOnly(cols[1]).level() == RiskLevel.URGENT
                        && risk.level() == RiskLevel.EMERGENCY) {
                    // the patterns' urgent raised by nets sure of an emergency, by the level the line needs
                    String needs = cols[0].equals(RiskNet.NONE) ? "none" : cols[0].substring(cols[0].indexOf(':') + 1);
                    counts.merge("patterns' urgent raised to an emergency, lines labelled " + needs, 1, Integer::sum);
                }
                if (net.band().equals("none")) {
                    String normalised = detector.normaliser().normalise(cols[1]);
                    int context = LayeredRiskDetector.words(normalised)
                            - LayeredRiskDetector.words(detector.patterns().assess(normalised).match().cue());
                    counts.merge(kind + ", nets read none, words besides the patterns' " + (context < 10 ? "0"
                            + context : context), 1, Integer::sum);
                }
            }
        }
        counts.forEach((k, v) -> System.out.println("PATTERN CRISIS " + dir + ": " + k + " " + v));
    }
}
