package org.waymark.locale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Whether a translation has the English file's shape: the same keys (none missing, none extra), lists of the same
 * length (the needs menu's twelve options, a crisis reply's two texts), and the same {placeholders} in each text.
 * Each problem names the line of the translation where it is.
 */
public final class YamlShape {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    /** One difference: the line in the translation and what is wrong. */
    public record Problem(int line, String message) {
    }

    private YamlShape() {
    }

    /**
     * Compares {@code translated} with {@code reference}. {@code freeLength} names the paths ("keywords",
     * "offer.options") whose lists may differ in length.
     */
    public static List<Problem> compare(Node reference, Node translated, Predicate<String> freeLength) {
        List<Problem> out = new ArrayList<>();
        compare(reference, translated, "", freeLength, out);
        return out;
    }

    private static void compare(Node ref, Node tr, String path, Predicate<String> freeLength, List<Problem> out) {
        String where = path.isEmpty() ? "the file" : "'" + path + "'";
        if (ref instanceof MappingNode rm) {
            if (!(tr instanceof MappingNode tm)) {
                out.add(new Problem(line(tr), where + " should be a mapping, as in English"));
                return;
            }
            Map<String, Node> refKeys = keys(rm);
            Map<String, Node> trKeys = keys(tm);
            Map<String, Integer> trLines = new LinkedHashMap<>();
            for (NodeTuple t : tm.getValue()) {
                trLines.put(key(t), line(t.getKeyNode()));
            }
            for (Map.Entry<String, Node> e : refKeys.entrySet()) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                Node other = trKeys.get(e.getKey());
                if (other == null) {
                    out.add(new Problem(line(tm), "missing key '" + child + "' (English has it at line "
                            + line(e.getValue()) + ")"));
                } else {
                    compare(e.getValue(), other, child, freeLength, out);
                }
            }
            for (String k : trKeys.keySet()) {
                if (!refKeys.containsKey(k)) {
                    out.add(new Problem(trLines.get(k), "extra key '" + (path.isEmpty() ? k : path + "." + k)
                            + "': English has no such key"));
                }
            }
        } else if (ref instanceof SequenceNode rs) {
            if (!(tr instanceof SequenceNode ts)) {
                out.add(new Problem(line(tr), where + " should be a list, as in English"));
                return;
            }
            if (freeLength.test(path)) {
                return;
            }
            if (rs.getValue().size() != ts.getValue().size()) {
                out.add(new Problem(line(ts), where + " has " + ts.getValue().size() + " items; English has "
                        + rs.getValue().size()));
                return;
            }
            for (int i = 0; i < rs.getValue().size(); i++) {
                compare(rs.getValue().get(i), ts.getValue().get(i), path + "[" + (i + 1) + "]", freeLength, out);
            }
        } else if (ref instanceof ScalarNode rsc) {
            if (!(tr instanceof ScalarNode tsc)) {
                out.add(new Problem(line(tr), where + " should be a single value, as in English"));
                return;
            }
            Set<String> want = placeholders(rsc.getValue());
            Set<String> got = placeholders(tsc.getValue());
            if (!want.equals(got)) {
                out.add(new Problem(line(tsc), where + " has placeholders " + got + "; English has " + want));
            }
        }
    }

    public static Set<String> placeholders(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text == null ? "" : text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Map<String, Node> keys(MappingNode m) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            out.put(key(t), t.getValueNode());
        }
        return out;
    }

    private static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
    }

    public static int line(Node n) {
        return n == null ? 1 : n.getStartMark().getLine() + 1;
    }
}
