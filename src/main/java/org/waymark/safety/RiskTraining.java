package org.waymark.safety;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the risk model's training lines: {@code *.txt} in the training directory, else the classpath copy. */
final class RiskTraining {

    static final String CLASSPATH_FILE = "nlp-models/risk/risk-train.txt";

    private RiskTraining() {
    }

    static List<String> lines(Path dir) {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> txt = files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
                List<String> lines = new ArrayList<>();
                for (Path f : txt) {
                    lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                }
                if (!lines.isEmpty()) {
                    return lines;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read risk training lines in " + dir, e);
            }
        }
        try (InputStream in = RiskTraining.class.getClassLoader().getResourceAsStream(CLASSPATH_FILE)) {
            if (in == null) {
                // The model is a safety net: refuse to start without it rather than run with one net silently.
                throw new IllegalStateException("no risk training lines in " + dir.toAbsolutePath()
                        + " nor on the classpath at " + CLASSPATH_FILE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
