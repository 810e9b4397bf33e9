package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every control in the hazard log names a test that exists, so the log cannot point at evidence that is not there. */
class HazardLogTest {

    private static final Path LOG = Path.of("docs/clinical-safety/hazard-log.md");
    private static final Pattern TEST_REFERENCE = Pattern.compile("`(\\w+Test)(?:#(\\w+))?`");

    @Test
    void everyTestTheHazardLogNamesExists() throws IOException {
        Map<String, Path> testFiles;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            testFiles = files.filter(f -> f.getFileName().toString().endsWith("Test.java"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString().replace(".java", ""), f -> f,
                            (a, b) -> a));
        }
        String log = Files.readString(LOG);
        assertThat(log).doesNotContain("(planned)");
        List<String> missing = new ArrayList<>();
        int named = 0;
        Matcher m = TEST_REFERENCE.matcher(log);
        while (m.find()) {
            named++;
            Path file = testFiles.get(m.group(1));
            if (file == null) {
                missing.add(m.group());
            } else if (m.group(2) != null
                    && !Pattern.compile("void " + m.group(2) + "\\(").matcher(Files.readString(file)).find()) {
                missing.add(m.group());
            }
        }
        assertThat(named).as("test references found in the hazard log").isGreaterThan(20);
        assertThat(missing).as("tests named in %s that do not exist", LOG).isEmpty();
    }
}
