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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The risk net's training lines and the net trained from them. Lines are read from every {@code *.txt}
 * ({@code label<space>text}, label a category or {@code none}) and every {@code *.tsv} ({@code label<TAB>text}
 * after a {@code label<TAB>text} header, label {@code category:level} or {@code none}) in the training directory,
 * in name order, else from the classpath copies of the same files. Every line is kept as
 * {@code label<space>text}. The trained net is kept beside them ({@value #NET_FILE}) with the hash of the lines it
 * was built from ({@value #NET_HASH_FILE}); a stored net whose hash differs from the lines' is stale and is never
 * used.
 */
final class RiskTraining {

    static final String CLASSPATH_DIR = "nlp-models/risk/";
    static final String CLASSPATH_FILE = CLASSPATH_DIR + "risk-train.txt";
    static final String TSV_HEADER = "label\ttext";
    /** The NLU's training folder, beside this one: its sentences are ordinary, risk-free messages. */
    static final String NLU_DIR = "training";
    /** The label of an NLU sentence among the risk lines. */
    static final String ORDINARY = "ordinary";
    /**
     * The folder beside the risk folder of hard negatives that are never trained on ({@code
     * nlp-models/risk-calibration/}): they only hold the check question's threshold to its budget ({@link RiskNet}).
     */
    static final String CALIBRATION_DIR = "risk-calibration";
    /** The label of a calibration line among the risk lines. */
    static final String CALIBRATION = "calibration";
    static final String NET_FILE = "risk-net.bin";
    static final String NET_HASH_FILE = "risk-net.sha256";

    /** Where the lines came from: a directory on disk (where a rebuilt model can be saved) or the classpath. */
    private final Path dir;
    private final List<String> lines;
    /** The classpath folder of the jar's copy ({@value #CLASSPATH_DIR} for English), ending in a slash. */
    private final String classpathDir;

    /** The NLU's examples of the dialog's own answers ({@link #ANSWER_INTENTS}), not among the lines. */
    private final List<String> answers;

    private RiskTraining(Path dir, List<String> lines, String classpathDir, List<String> answers) {
        this.dir = dir;
        this.lines = lines;
        this.classpathDir = classpathDir;
        this.answers = List.copyOf(answers);
    }

    /**
     * The intents whose examples answer the bot's own questions (yes, no, "I don't know", hello, thanks, a number,
     * more, stop): a message worded like one is not asked "are you safe right now?" on a net's doubt alone
     * ({@link LayeredRiskDetector}). Not {@code help}, {@code request_human}, {@code out_of_scope} or {@code inform}.
     */
    static final java.util.Set<String> ANSWER_INTENTS = java.util.Set.of("greet", "affirm", "deny", "start", "restart",
            "dont_know", "thanks", "goodbye", "choose_option", "more", "stop");

    /** The NLU's examples of {@link #ANSWER_INTENTS} beside the risk folder; they are not risk lines. */
    List<String> answers() {
        return answers;
    }

    private static List<String> answers(Source source) throws IOException {
        List<String> out = new ArrayList<>();
        byte[] bytes = source.read("intents.yml");
        if (bytes != null && yaml().load(new String(bytes, StandardCharsets.UTF_8)) instanceof Map<?, ?> root
                && root.get("intents") instanceof Map<?, ?> intents) {
            intents.forEach((intent, texts) -> {
                if (ANSWER_INTENTS.contains(String.valueOf(intent))) {
                    addTexts(texts, "", out);
                }
            });
        }
        return out;
    }

    static RiskTraining load(Path dir) {
        return load(dir, CLASSPATH_DIR);
    }

    /**
     * The lines of a language's risk folder ({@code nlp-models/bn/risk}, or the jar's copy in {@code classpathDir},
     * {@code "nlp-models/bn/risk/"}), with that language's NLU sentences ({@code nlp-models/bn/training/}) as
     * ordinary lines. Never another language's lines: without any, it fails.
     */
    static RiskTraining load(Path dir, String classpathDir) {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> found = files.filter(f -> isLinesFile(f.getFileName().toString())).sorted().toList();
                List<String> lines = new ArrayList<>();
                for (Path f : found) {
                    lines.addAll(asLines(classpathDir, f.getFileName().toString(),
                            Files.readAllLines(f, StandardCharsets.UTF_8)));
                }
                if (!lines.isEmpty()) {
                    lines.addAll(calibration(dir.resolveSibling(CALIBRATION_DIR)));
                    Path nlu = dir.resolveSibling(NLU_DIR);
                    Source nluFiles = name -> {
                        Path f = nlu.resolve(name);
                        return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
                    };
                    lines.addAll(ordinary(nluFiles));
                    return new RiskTraining(dir, lines, classpathDir, answers(nluFiles));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read risk training lines in " + dir, e);
            }
        }
        List<String> lines = new ArrayList<>();
        try {
            // the jar's copies of every *.txt and *.tsv, in name order as on disk
            org.springframework.core.io.Resource[] found =
                    new org.springframework.core.io.support.PathMatchingResourcePatternResolver(
                            RiskTraining.class.getClassLoader()).getResources("classpath*:" + classpathDir + "*.*");
            java.util.TreeMap<String, org.springframework.core.io.Resource> byName = new java.util.TreeMap<>();
            for (org.springframework.core.io.Resource r : found) {
                if (r.getFilename() != null && isLinesFile(r.getFilename())) {
                    byName.putIfAbsent(r.getFilename(), r);
                }
            }
            for (var e : byName.entrySet()) {
                try (InputStream in = e.getValue().getInputStream()) {
                    lines.addAll(asLines(classpathDir, e.getKey(), new String(in.readAllBytes(),
                            StandardCharsets.UTF_8).lines()
                            .toList()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty()) {
            // The model is a safety net: refuse to start without it rather than run with one net silently.
            throw new IllegalStateException("no risk training lines in " + dir.toAbsolutePath()
                    + " nor on the classpath at " + classpathDir);
        }
        // the NLU's folder beside the risk folder: nlp-models/training/ for nlp-models/risk/
        String base = classpathDir.substring(0, classpathDir.lastIndexOf('/', classpathDir.length() - 2) + 1);
        List<String> answers;
        try {
            for (org.springframework.core.io.Resource r : new org.springframework.core.io.support
                    .PathMatchingResourcePatternResolver(RiskTraining.class.getClassLoader())
                    .getResources("classpath*:" + base + CALIBRATION_DIR + "/*.tsv")) {
                try (InputStream in = r.getInputStream()) {
                    lines.addAll(calibration(base + CALIBRATION_DIR + "/", r.getFilename(),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()));
                }
            }
            Source nluFiles = name -> {
                try (InputStream in = RiskTraining.class.getClassLoader().getResourceAsStream(base + NLU_DIR
                        + "/" + name)) {
                    return in == null ? null : in.readAllBytes();
                }
            };
            lines.addAll(ordinary(nluFiles));
            answers = answers(nluFiles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RiskTraining(null, lines, classpathDir, answers);
    }

    /** The calibration folder's lines ({@code *.tsv}, every label {@code none}) as {@value #CALIBRATION} lines. */
    private static List<String> calibration(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".tsv")).sorted().toList()) {
                    out.addAll(calibration(dir.getFileName() + "/", f.getFileName().toString(),
                            Files.readAllLines(f, StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    private static List<String> calibration(String folder, String name, List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String line : asLines(folder, name, raw)) {
            if (!line.startsWith(RiskNet.NONE + " ")) {
                throw new IllegalStateException(folder + name + ": a calibration line is a hard negative, label "
                        + "none: " + line);
            }
            out.add(CALIBRATION + line.substring(RiskNet.NONE.length()));
        }
        return out;
    }

    /** Reads a file of the NLU's training data by name, or null when it is missing. */
    private interface Source {
        byte[] read(String name) throws IOException;
    }

    /**
     * The NLU's training sentences (greetings, yes and no, postcodes, times, needs: {@code training/intents.yml}
     * and {@code needs.yml} beside the risk folder) as {@value #ORDINARY} lines: messages patients send that carry no
     * risk, so the net learns what an ordinary message looks like, not only hard negatives. They teach "none" but do
     * not count in the false-alarm budgets, which are the hard negatives' ({@link RiskNet}).
     */
    private static List<String> ordinary(Source source) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : List.of("intents.yml", "needs.yml")) {
            byte[] bytes = source.read(name);
            if (bytes == null) {
                continue;
            }
            Object root = yaml().load(new String(bytes, StandardCharsets.UTF_8));
            if (root instanceof Map<?, ?> map && map.get("intents") instanceof Map<?, ?> intents) {
                intents.values().forEach(texts -> addTexts(texts, ORDINARY + " ", out));
            }
            if (root instanceof Map<?, ?> map && map.get("needs") instanceof List<?> blocks) {
                blocks.forEach(b -> addTexts(b instanceof Map<?, ?> block ? block.get("examples") : null,
                        ORDINARY + " ", out));
            }
        }
        return out;
    }

    private static void addTexts(Object texts, String prefix, List<String> out) {
        if (texts instanceof List<?> list) {
            for (Object t : list) {
                String text = t == null ? "" : String.valueOf(t).strip().replace('\n', ' ');
                if (!text.isEmpty()) {
                    out.add(prefix + text);
                }
            }
        }
    }

    /** Every scalar stays a string, as the NLU reads these files: "yes" is a word, not a boolean. */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                // none: no implicit booleans, numbers or dates
            }
        });
    }

    private static boolean isLinesFile(String name) {
        return name.endsWith(".txt") || name.endsWith(".tsv");
    }

    /** A file's lines as {@code label<space>text}: a TSV's header is checked and dropped, its tab made a space. */
    static List<String> asLines(String name, List<String> raw) {
        return asLines(CLASSPATH_DIR, name, raw);
    }

    /** As {@link #asLines(String, List)}, a problem named as in {@code folder} ({@code "nlp-models/bn/risk/"}). */
    static List<String> asLines(String folder, String name, List<String> raw) {
        if (!name.endsWith(".tsv")) {
            return raw;
        }
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String line = raw.get(i);
            if (i == 0) {
                if (!line.strip().equals(TSV_HEADER)) {
                    throw new IllegalStateException(folder + name + " line 1: expected the header "
                            + "label<TAB>text");
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new IllegalStateException(folder + name + " line " + (i + 1) + ": expected "
                        + "label<TAB>text: " + line);
            }
            out.add(line.substring(0, tab).strip() + " " + line.substring(tab + 1).strip());
        }
        return out;
    }

    List<String> lines() {
        return lines;
    }

    /** The directory the lines were read from, or empty for the classpath copy. */
    Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** SHA-256 of a pipeline version and every line, in order. */
    String hash(String pipelineVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((pipelineVersion + "\n").getBytes(StandardCharsets.UTF_8));
            for (String line : lines) {
                sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A model kept beside the lines: its file, the file of the hash it was built from, and its pipeline version. */
    record Stored(String modelFile, String hashFile, String pipelineVersion) {
    }

    /** The stored model's bytes, when it was built from exactly these lines by this pipeline. */
    Optional<byte[]> stored(Stored which) {
        try {
            byte[] hash = read(which.hashFile());
            if (hash == null || !new String(hash, StandardCharsets.UTF_8).trim().equals(hash(which.pipelineVersion()))) {
                return Optional.empty();
            }
            return Optional.ofNullable(read(which.modelFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Saves a model built from these lines beside them: the model first, then its hash, each atomically. */
    void store(Stored which, byte[] model) throws IOException {
        if (dir == null) {
            throw new IOException("the training lines came from the classpath: nowhere to save the model");
        }
        write(dir.resolve(which.modelFile()), model);
        write(dir.resolve(which.hashFile()), (hash(which.pipelineVersion()) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A file kept beside the lines (the stored net, a phrase list), or null when there is none. */
    byte[] read(String name) throws IOException {
        if (dir != null) {
            Path file = dir.resolve(name);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        }
        try (InputStream in = RiskTraining.class.getClassLoader().getResourceAsStream(classpathDir + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
