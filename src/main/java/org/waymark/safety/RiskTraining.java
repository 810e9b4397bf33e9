package org.waymark.safety;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The risk model's training lines ({@code *.txt} in the training directory, else the classpath copy) and the model
 * trained from them, kept beside them as {@value #MODEL_FILE} with the hash of the lines it was built from in
 * {@value #HASH_FILE}. A stored model whose hash differs from the lines' is stale and is never used.
 */
final class RiskTraining {

    static final String CLASSPATH_DIR = "nlp-models/risk/";
    static final String CLASSPATH_FILE = CLASSPATH_DIR + "risk-train.txt";
    static final String MODEL_FILE = "risk-model.bin";
    static final String HASH_FILE = "risk-model.sha256";
    /** Bumped when the model's features or training settings change, so older models count as stale. */
    static final String PIPELINE_VERSION = "waymark-risk-1";

    /** Where the lines came from: a directory on disk (where a rebuilt model can be saved) or the classpath. */
    private final Path dir;
    private final List<String> lines;

    private RiskTraining(Path dir, List<String> lines) {
        this.dir = dir;
        this.lines = lines;
    }

    static RiskTraining load(Path dir) {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> txt = files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
                List<String> lines = new ArrayList<>();
                for (Path f : txt) {
                    lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                }
                if (!lines.isEmpty()) {
                    return new RiskTraining(dir, lines);
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
            return new RiskTraining(null, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> lines() {
        return lines;
    }

    /** The directory the lines were read from, or empty for the classpath copy. */
    Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** SHA-256 of the pipeline version and every line, in order. */
    String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((PIPELINE_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
            for (String line : lines) {
                sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored model's bytes, when it was built from exactly these lines. */
    Optional<byte[]> storedModel() {
        try {
            byte[] hash = read(HASH_FILE);
            if (hash == null || !new String(hash, StandardCharsets.UTF_8).trim().equals(hash())) {
                return Optional.empty();
            }
            return Optional.ofNullable(read(MODEL_FILE));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Saves a model built from these lines beside them: the model first, then its hash, each atomically. */
    void store(byte[] model) throws IOException {
        if (dir == null) {
            throw new IOException("the training lines came from the classpath: nowhere to save the model");
        }
        write(dir.resolve(MODEL_FILE), model);
        write(dir.resolve(HASH_FILE), (hash() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private byte[] read(String name) throws IOException {
        if (dir != null) {
            Path file = dir.resolve(name);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        }
        try (InputStream in = RiskTraining.class.getClassLoader().getResourceAsStream(CLASSPATH_DIR + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
