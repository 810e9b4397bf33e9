package org.waymark.nlu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.waymark.taxonomy.Need;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The NLU training data, {@code nlp-models/training/intents.yml} and {@code needs.yml}: readable and editable by a
 * link worker. Validated on load: unknown labels and thin intents or needs are refused with the file named.
 */
record TrainingData(Map<String, List<String>> intents, List<NeedExample> needs, String hash) {

    static final String INTENTS_FILE = "training/intents.yml";
    static final String NEEDS_FILE = "training/needs.yml";
    static final int MIN_PER_NEED = 40;
    static final int MIN_PER_INTENT = 20;

    /** A sentence and the needs it carries. */
    record NeedExample(Set<Need> needs, String text) {
    }

    /** Reads a file of the training data by its name relative to the models folder. */
    @FunctionalInterface
    interface Source {
        byte[] read(String name) throws IOException;
    }

    static TrainingData load(Source source) throws IOException {
        return load(source, "");
    }

    /**
     * A language's data: {@code prefix} is where its folder sits in the models folder ({@code "bn/"} for Bengali,
     * empty for English), so a problem names the file as the writer knows it. Every language has exactly the
     * intents of {@link Intents#ALL}: a missing or unknown one is refused with its file and line.
     */
    static TrainingData load(Source source, String prefix) throws IOException {
        byte[] intentBytes = source.read(INTENTS_FILE);
        byte[] needBytes = source.read(NEEDS_FILE);
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> intents = parseIntents(intentBytes, prefix + INTENTS_FILE, problems);
        List<NeedExample> needs = parseNeeds(needBytes, prefix + NEEDS_FILE);
        TrainingData data = new TrainingData(intents, needs, hash(intentBytes, needBytes));
        data.validate(prefix, problems);
        return data;
    }

    /** Every intent example; each need sentence is also an {@code inform} example. */
    List<IntentClassifier.Example> intentExamples() {
        List<IntentClassifier.Example> out = new ArrayList<>();
        intents.forEach((intent, texts) -> texts.forEach(t -> out.add(new IntentClassifier.Example(intent, t))));
        needs.forEach(n -> out.add(new IntentClassifier.Example(Intents.INFORM, n.text())));
        return out;
    }

    Map<Need, Integer> needCounts() {
        Map<Need, Integer> counts = new EnumMap<>(Need.class);
        for (Need n : Need.values()) {
            counts.put(n, 0);
        }
        needs.forEach(e -> e.needs().forEach(n -> counts.merge(n, 1, Integer::sum)));
        return counts;
    }

    void validate() {
        validate("", List.of());
    }

    /** Refuses the data with every problem listed: {@code found} are those the parse found (missing intents). */
    void validate(String prefix, List<String> found) {
        List<String> problems = new ArrayList<>(found);
        for (String intent : Intents.ALL) {
            int count = intents.getOrDefault(intent, List.of()).size()
                    + (Intents.INFORM.equals(intent) ? needs.size() : 0);
            if (count < MIN_PER_INTENT) {
                problems.add(prefix + INTENTS_FILE + ": intent '" + intent + "' has " + count + " examples, needs "
                        + MIN_PER_INTENT);
            }
        }
        needCounts().forEach((need, count) -> {
            if (count < MIN_PER_NEED) {
                problems.add(prefix + NEEDS_FILE + ": need '" + need.code() + "' has " + count + " examples, needs "
                        + MIN_PER_NEED);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("NLU training data is not usable:\n  " + String.join("\n  ", problems));
        }
    }

    /** Every scalar stays a string: "yes", "no" and "7" are examples, not a boolean and a number. */
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

    /** The YAML's node tree: every node knows its line, so a problem is named where the writer can find it. */
    private static Node compose(byte[] bytes, String file) {
        try {
            Node root = yaml().compose(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8)));
            if (root == null) {
                throw new IllegalStateException(file + ": empty file");
            }
            return root;
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalStateException(file + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** The value of a mapping's key, or null. */
    private static NodeTuple entry(Node map, String key) {
        if (map instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static Map<String, List<String>> parseIntents(byte[] bytes, String file, List<String> problems) {
        Node root = compose(bytes, file);
        NodeTuple top = entry(root, "intents");
        if (top == null || !(top.getValueNode() instanceof MappingNode intents)) {
            throw new IllegalStateException(file + " line " + line(root) + ": expected a top-level 'intents:' map");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (NodeTuple t : intents.getValue()) {
            String intent = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(t.getKeyNode());
            if (!Intents.ALL.contains(intent)) {
                throw new IllegalStateException(file + " line " + line(t.getKeyNode()) + ": unknown intent '"
                        + intent + "', known: " + new java.util.TreeSet<>(Intents.ALL));
            }
            if (out.containsKey(intent)) {
                throw new IllegalStateException(file + " line " + line(t.getKeyNode()) + ": intent '" + intent
                        + "' appears twice");
            }
            out.put(intent, texts(t.getValueNode(), file, "intent '" + intent + "'"));
        }
        List<String> missing = Intents.ALL.stream().filter(i -> !out.containsKey(i)).sorted().toList();
        if (!missing.isEmpty()) {
            // with the thin intents and needs below, so the writer sees every problem at once
            problems.add(file + " line " + line(top.getKeyNode()) + ": the 'intents:' map lacks " + missing
                    + " (every language has exactly the intents " + new java.util.TreeSet<>(Intents.ALL) + ")");
        }
        return out;
    }

    private static List<NeedExample> parseNeeds(byte[] bytes, String file) {
        Node root = compose(bytes, file);
        NodeTuple top = entry(root, "needs");
        if (top == null || !(top.getValueNode() instanceof SequenceNode blocks)) {
            throw new IllegalStateException(file + " line " + line(root) + ": expected a top-level 'needs:' list");
        }
        List<NeedExample> out = new ArrayList<>();
        int index = 0;
        for (Node block : blocks.getValue()) {
            index++;
            NodeTuple codes = entry(block, "needs");
            if (codes == null || !(codes.getValueNode() instanceof SequenceNode codeList)) {
                throw new IllegalStateException(file + " line " + line(block) + ": block " + index
                        + " needs 'needs: [code, ...]'");
            }
            Set<Need> needs = EnumSet.noneOf(Need.class);
            for (Node code : codeList.getValue()) {
                String value = code instanceof ScalarNode c ? c.getValue() : String.valueOf(code);
                needs.add(Need.fromCode(value).orElseThrow(() -> new IllegalStateException(
                        file + " line " + line(code) + ": unknown need '" + value + "'")));
            }
            NodeTuple examples = entry(block, "examples");
            for (String text : texts(examples == null ? null : examples.getValueNode(), file, "block " + index
                    + " (line " + line(block) + ")")) {
                out.add(new NeedExample(needs, text));
            }
        }
        return out;
    }

    private static List<String> texts(Node value, String file, String what) {
        if (!(value instanceof SequenceNode list)) {
            throw new IllegalStateException(file + (value == null ? "" : " line " + line(value)) + ": " + what
                    + ": expected a list of example sentences");
        }
        List<String> out = new ArrayList<>();
        for (Node o : list.getValue()) {
            if (!(o instanceof ScalarNode scalar)) {
                throw new IllegalStateException(file + " line " + line(o) + ": " + what + ": an example must be a "
                        + "sentence");
            }
            String text = scalar.getValue().trim();
            if (text.isEmpty()) {
                throw new IllegalStateException(file + " line " + line(o) + ": " + what + ": empty example");
            }
            out.add(text);
        }
        return out;
    }

    /** Hash of the data and the pipeline version: a model built from anything else is stale. */
    private static String hash(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(NluModels.PIPELINE_VERSION.getBytes(StandardCharsets.UTF_8));
            for (byte[] p : parts) {
                sha.update(p);
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
