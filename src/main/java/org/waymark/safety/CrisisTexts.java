package org.waymark.safety;

import org.waymark.messaging.Gsm7;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The crisis texts from {@code safety.yaml}, validated as they load: every category has an urgent and an emergency
 * text, no unknown keys, every message GSM-7 and at most 306 characters. Errors name the file and line.
 */
record CrisisTexts(Map<RiskCategory, Map<RiskLevel, List<String>>> replies, List<String> under19,
        List<String> stayWithPatient, List<String> otherLanguage, Map<RiskCategory, String> checkQuestions,
        List<String> checkSafe) {

    static final String FILE = "safety.yaml";
    static final String CLASSPATH_FILE = "dialogs/" + FILE;

    /** {@code dialogs/safety.yaml} under the dialogs directory, else the classpath copy. */
    static CrisisTexts load(Path dialogsDir) {
        Path file = dialogsDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            }
            try (InputStream in = CrisisTexts.class.getClassLoader().getResourceAsStream(CLASSPATH_FILE)) {
                if (in == null) {
                    throw new IllegalStateException("no crisis texts: neither " + file.toAbsolutePath()
                            + " nor classpath:" + CLASSPATH_FILE + " exists");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + CLASSPATH_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static CrisisTexts parse(String yaml, String source) {
        return parse(yaml, source, true);
    }

    /** The longest a crisis text may be in a script SMS sends as UCS-2: three parts of 67. */
    static final int MAX_UCS2 = 3 * 67;

    /**
     * The crisis texts in every language Waymark speaks: English from {@code dialogs/safety.yaml}, each other from
     * {@code dialogs/<code>/safety.yaml}, which must have the English keys and as many texts in each list (so no
     * category, level or follow-up text goes missing in translation), naming the line. Language code to texts.
     */
    static Map<String, CrisisTexts> loadAll(Path dialogsDir, List<String> otherLanguages) {
        Map<String, CrisisTexts> out = new java.util.LinkedHashMap<>();
        CrisisTexts english = load(dialogsDir);
        out.put(org.waymark.locale.Locales.DEFAULT, english);
        if (otherLanguages.isEmpty()) {
            return out;
        }
        org.waymark.locale.LanguageFiles files = new org.waymark.locale.LanguageFiles(dialogsDir);
        String englishYaml = files.read(null, FILE).orElseThrow();
        Node englishRoot = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(englishYaml));
        for (String code : otherLanguages) {
            String source = files.describe(code, FILE);
            String yaml = files.read(code, FILE).orElseThrow(() -> new IllegalStateException(source
                    + ": missing: every language needs its crisis texts"));
            Node root;
            try {
                root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
            } catch (RuntimeException e) {
                throw new IllegalStateException(source + ": not valid YAML: " + e.getMessage(), e);
            }
            List<org.waymark.locale.YamlShape.Problem> problems = org.waymark.locale.YamlShape.compare(englishRoot,
                    root, path -> false);
            if (!problems.isEmpty()) {
                throw new IllegalStateException(source + " line " + problems.get(0).line() + ": "
                        + problems.get(0).message());
            }
            out.put(code, parse(yaml, source, false));
        }
        return out;
    }

    static CrisisTexts parse(String yaml, String source, boolean gsm) {
        Node root;
        try (Reader reader = new StringReader(yaml)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        Parser p = new Parser(source, gsm);
        MappingNode top = p.mapping(root, "the file");
        Map<RiskCategory, Map<RiskLevel, List<String>>> replies = new EnumMap<>(RiskCategory.class);
        List<String> under19 = null;
        List<String> stay = null;
        List<String> otherLanguage = null;
        Map<RiskCategory, String> checkQuestions = null;
        List<String> checkSafe = null;
        for (NodeTuple t : top.getValue()) {
            String key = p.key(t);
            switch (key) {
                case "replies" -> replies = p.replies(t.getValueNode());
                case "under_19" -> under19 = p.messages(t.getValueNode(), "under_19");
                case "stay_with_patient" -> stay = p.messages(t.getValueNode(), "stay_with_patient");
                case "other_language" -> otherLanguage = p.messages(t.getValueNode(), "other_language");
                case "check_questions" -> checkQuestions = p.perCategory(t.getValueNode(), "check_questions");
                case "check_safe" -> checkSafe = p.messages(t.getValueNode(), "check_safe");
                default -> throw p.error(t.getKeyNode(), "unknown key '" + key + "' (expected replies, under_19, "
                        + "stay_with_patient, other_language, check_questions, check_safe)");
            }
        }
        if (replies.isEmpty()) {
            throw new IllegalStateException(source + ": missing 'replies'");
        }
        if (under19 == null) {
            throw new IllegalStateException(source + ": missing 'under_19'");
        }
        if (stay == null) {
            throw new IllegalStateException(source + ": missing 'stay_with_patient'");
        }
        if (otherLanguage == null) {
            throw new IllegalStateException(source + ": missing 'other_language'");
        }
        if (checkQuestions == null || checkSafe == null) {
            throw new IllegalStateException(source + ": missing 'check_questions' or 'check_safe'");
        }
        return new CrisisTexts(replies, under19, stay, otherLanguage, checkQuestions, checkSafe);
    }

    private record Parser(String source, boolean gsm) {

        IllegalStateException error(Node node, String message) {
            return new IllegalStateException(source + " line " + (node.getStartMark().getLine() + 1) + ": " + message);
        }

        MappingNode mapping(Node node, String what) {
            if (node instanceof MappingNode m) {
                return m;
            }
            throw node == null ? new IllegalStateException(source + ": empty")
                    : error(node, what + " must be a mapping of keys to values");
        }

        String key(NodeTuple t) {
            if (t.getKeyNode() instanceof ScalarNode s) {
                return s.getValue();
            }
            throw error(t.getKeyNode(), "keys must be plain words");
        }

        Map<RiskCategory, Map<RiskLevel, List<String>>> replies(Node node) {
            Map<RiskCategory, Map<RiskLevel, List<String>>> replies = new EnumMap<>(RiskCategory.class);
            for (NodeTuple t : mapping(node, "replies").getValue()) {
                String key = key(t);
                RiskCategory category = category(key);
                if (category == null) {
                    throw error(t.getKeyNode(), "unknown risk category '" + key + "' (expected one of "
                            + codes(RiskCategory.values()) + ")");
                }
                if (replies.containsKey(category)) {
                    throw error(t.getKeyNode(), "risk category '" + key + "' given twice");
                }
                Map<RiskLevel, List<String>> levels = new EnumMap<>(RiskLevel.class);
                for (NodeTuple lt : mapping(t.getValueNode(), key).getValue()) {
                    String levelKey = key(lt);
                    RiskLevel level = switch (levelKey) {
                        case "urgent" -> RiskLevel.URGENT;
                        case "emergency" -> RiskLevel.EMERGENCY;
                        default -> throw error(lt.getKeyNode(), "unknown level '" + levelKey + "' under '" + key
                                + "' (expected urgent, emergency)");
                    };
                    if (levels.put(level, messages(lt.getValueNode(), key + "." + levelKey)) != null) {
                        throw error(lt.getKeyNode(), "level '" + levelKey + "' given twice under '" + key + "'");
                    }
                }
                for (RiskLevel level : List.of(RiskLevel.URGENT, RiskLevel.EMERGENCY)) {
                    if (!levels.containsKey(level)) {
                        throw error(t.getKeyNode(), "'" + key + "' has no '" + level.code() + "' text");
                    }
                }
                replies.put(category, Map.copyOf(levels));
            }
            for (RiskCategory category : RiskCategory.values()) {
                if (!replies.containsKey(category)) {
                    throw error(node, "replies has no texts for '" + category.code() + "'");
                }
            }
            return replies;
        }

        /** One message for each risk category, no more and no fewer. */
        Map<RiskCategory, String> perCategory(Node node, String what) {
            Map<RiskCategory, String> out = new EnumMap<>(RiskCategory.class);
            for (NodeTuple t : mapping(node, what).getValue()) {
                String key = key(t);
                RiskCategory category = category(key);
                if (category == null) {
                    throw error(t.getKeyNode(), "unknown risk category '" + key + "' under '" + what + "'");
                }
                List<String> m = messages(t.getValueNode(), what + "." + key);
                if (m.size() != 1 || out.put(category, m.get(0)) != null) {
                    throw error(t.getKeyNode(), what + "." + key + ": give one message, once");
                }
            }
            for (RiskCategory category : RiskCategory.values()) {
                if (!out.containsKey(category)) {
                    throw error(node, what + " has no message for '" + category.code() + "'");
                }
            }
            return Map.copyOf(out);
        }

        List<String> messages(Node node, String what) {
            List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
            if (items.isEmpty()) {
                throw error(node, what + " has no messages");
            }
            List<String> out = new ArrayList<>();
            for (Node item : items) {
                if (!(item instanceof ScalarNode s) || s.getValue().isBlank()) {
                    throw error(item, what + ": each message must be non-empty text");
                }
                String text = s.getValue().strip();
                int bad = Gsm7.firstUnencodable(text);
                if (!gsm && bad >= 0) {
                    if (text.length() > MAX_UCS2) {
                        throw error(item, what + ": message is " + text.length() + " characters; in this script "
                                + "an SMS part holds 67, so keep it to " + MAX_UCS2 + " (three parts)");
                    }
                    out.add(text);
                    continue;
                }
                if (bad >= 0) {
                    throw error(item, what + ": character '" + text.charAt(bad) + "' (U+"
                            + String.format("%04X", (int) text.charAt(bad)) + ") is not GSM-7; use plain quotes "
                            + "and no emoji");
                }
                int septets = Gsm7.septets(text);
                if (septets > Gsm7.TWO_SEGMENTS) {
                    throw error(item, what + ": message is " + septets + " characters, over the SMS limit of "
                            + Gsm7.TWO_SEGMENTS);
                }
                out.add(text);
            }
            return List.copyOf(out);
        }

        private static RiskCategory category(String code) {
            for (RiskCategory c : RiskCategory.values()) {
                if (c.code().equals(code)) {
                    return c;
                }
            }
            return null;
        }

        private static String codes(RiskCategory[] values) {
            Set<String> codes = new HashSet<>();
            for (RiskCategory c : values) {
                codes.add(c.code());
            }
            return String.join(", ", new java.util.TreeSet<>(codes));
        }
    }
}
