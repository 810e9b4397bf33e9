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
        byte[] intentBytes = source.read(INTENTS_FILE);
        byte[] needBytes = source.read(NEEDS_FILE);
        Map<String, List<String>> intents = parseIntents(intentBytes);
        List<NeedExample> needs = parseNeeds(needBytes);
        TrainingData data = new TrainingData(intents, needs, hash(intentBytes, needBytes));
        data.validate();
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
        List<String> problems = new ArrayList<>();
        for (String intent : Intents.ALL) {
            int count = intents.getOrDefault(intent, List.of()).size()
                    + (Intents.INFORM.equals(intent) ? needs.size() : 0);
            if (count < MIN_PER_INTENT) {
                problems.add(INTENTS_FILE + ": intent '" + intent + "' has " + count + " examples, needs "
                        + MIN_PER_INTENT);
            }
        }
        needCounts().forEach((need, count) -> {
            if (count < MIN_PER_NEED) {
                problems.add(NEEDS_FILE + ": need '" + need.code() + "' has " + count + " examples, needs "
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

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> parseIntents(byte[] bytes) {
        Object root = yaml().load(new String(bytes, StandardCharsets.UTF_8));
        if (!(root instanceof Map<?, ?> map) || !(map.get("intents") instanceof Map<?, ?> intents)) {
            throw new IllegalStateException(INTENTS_FILE + ": expected a top-level 'intents:' map");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var e : ((Map<Object, Object>) intents).entrySet()) {
            String intent = String.valueOf(e.getKey());
            if (!Intents.ALL.contains(intent)) {
                throw new IllegalStateException(INTENTS_FILE + ": unknown intent '" + intent + "', known: "
                        + Intents.ALL);
            }
            out.put(intent, texts(e.getValue(), INTENTS_FILE + " intent '" + intent + "'"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<NeedExample> parseNeeds(byte[] bytes) {
        Object root = yaml().load(new String(bytes, StandardCharsets.UTF_8));
        if (!(root instanceof Map<?, ?> map) || !(map.get("needs") instanceof List<?> blocks)) {
            throw new IllegalStateException(NEEDS_FILE + ": expected a top-level 'needs:' list");
        }
        List<NeedExample> out = new ArrayList<>();
        int index = 0;
        for (Object block : blocks) {
            index++;
            if (!(block instanceof Map<?, ?> b) || !(b.get("needs") instanceof List<?> codes)) {
                throw new IllegalStateException(NEEDS_FILE + ": block " + index + " needs 'needs: [code, ...]'");
            }
            Set<Need> needs = EnumSet.noneOf(Need.class);
            int blockNo = index;
            for (Object code : codes) {
                needs.add(Need.fromCode(String.valueOf(code)).orElseThrow(() -> new IllegalStateException(
                        NEEDS_FILE + ": block " + blockNo + ": unknown need '" + code + "'")));
            }
            for (String text : texts(b.get("examples"), NEEDS_FILE + " block " + index)) {
                out.add(new NeedExample(needs, text));
            }
        }
        return out;
    }

    private static List<String> texts(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalStateException(where + ": expected a list of example sentences");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            String text = o == null ? "" : String.valueOf(o).trim();
            if (text.isEmpty()) {
                throw new IllegalStateException(where + ": empty example");
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
