package org.waymark.conversation;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import org.waymark.conversation.DialogDefinition.MessageDef;
import org.waymark.conversation.DialogDefinition.StateDef;
import org.waymark.conversation.DialogDefinition.TransitionDef;
import org.waymark.messaging.Gsm7;
import org.waymark.nlu.Intents;

/**
 * Reads and checks a dialog file. Refuses, naming file and line: unknown keys, a transition to a missing state, a
 * state that cannot be reached, an intent no classifier knows, a condition, capture, effect or message that does
 * not exist, texts that are not GSM-7 safe, and a way to end the conversation (into a state that does {@code stop})
 * other than a yes when the bot has just asked whether to end it.
 */
final class DialogLoader {
    /** Events the engine itself raises, beside the NLU's intents. */
    static final Set<String> ENGINE_EVENTS = Set.of("skip", "unsure", "nothing_fits");
    static final Set<String> CONDITIONS = Set.of("needs", "no_needs", "postcode", "bad_postcode", "option",
            "preferences", "outcome", "outcome_ons4", "score", "ons4_offered", "stop_asked", "contact_by_phone",
            "contact_way", "phone", "bad_phone", "earlier_case");
    static final Set<String> CAPTURES = Set.of("needs", "menu_needs", "postcode", "preferences", "choice", "clear",
            "outcome", "score", "ons4_baseline", "stop_asked", "contact_way", "phone", "contact_chat", "contact_when",
            "returned");
    /** The only way into a state that ends the conversation: a yes to the question whether to end it. */
    static final String STOP_ASKED = "stop_asked";
    static final Set<String> EFFECTS = Set.of("suggest", "show_details", "open_handoff", "stop", "offer_ons4",
            "ons4_recorded");
    static final Set<String> PLACEHOLDERS = Set.of("practice", "phone", "needs", "suggestions", "count", "details",
            "when_contact", "activity", "contact_plan");

    /** The longest a message template may be in a language that is not GSM-7: three UCS-2 parts. */
    static final int MAX_UCS2_TEMPLATE = 3 * 67;

    private final String file;
    private final Set<String> knownIntents;
    /** The English file: every text must be GSM-7. A translation in another script travels as UCS-2. */
    private final boolean gsm;

    private DialogLoader(String file, Set<String> knownIntents, boolean gsm) {
        this.file = file;
        this.knownIntents = knownIntents;
        this.gsm = gsm;
    }

    static DialogDefinition load(String file, String yaml, Set<String> knownIntents) {
        return new DialogLoader(file, knownIntents, true).read(new StringReader(yaml));
    }

    /**
     * A language's messages ({@code dialogs/<code>/self-referral.yaml}: only {@code messages}), refused unless they
     * have the English file's keys, fields, number of options and placeholders, naming the line.
     */
    static Map<String, MessageDef> loadTranslation(String file, String yaml, String englishFile, String englishYaml) {
        DialogLoader loader = new DialogLoader(file, Set.of(), false);
        MappingNode top = loader.mapping(loader.compose(new StringReader(yaml)), "the file");
        Map<String, Node> fields = loader.fields(top, Set.of("messages"));
        Node messagesNode = loader.require(fields, "messages", top);
        DialogLoader english = new DialogLoader(englishFile, Set.of(), true);
        MappingNode englishTop = english.mapping(english.compose(new StringReader(englishYaml)), "the file");
        Node englishMessages = english.require(english.fields(englishTop, Set.of("dialog", "initial", "entries",
                "global", "states", "messages")), "messages", englishTop);
        List<org.waymark.locale.YamlShape.Problem> problems = org.waymark.locale.YamlShape.compare(englishMessages,
                messagesNode, path -> false);
        if (!problems.isEmpty()) {
            org.waymark.locale.YamlShape.Problem p = problems.get(0);
            throw new DialogException(file, p.line(), "under messages, " + p.message() + (problems.size() > 1
                    ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        Map<String, MessageDef> messages = new LinkedHashMap<>();
        for (NodeTuple t : loader.mapping(messagesNode, "messages").getValue()) {
            String key = loader.scalar(t.getKeyNode(), "message name");
            messages.put(key, loader.message(key, t.getValueNode()));
        }
        return messages;
    }

    private Node compose(Reader reader) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node root = new Yaml(options).compose(reader);
            reader.close();
            return root;
        } catch (IOException | RuntimeException e) {
            throw new DialogException(file, 1, "not valid YAML: " + e.getMessage());
        }
    }

    private DialogDefinition read(Reader reader) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
            reader.close();
        } catch (IOException | RuntimeException e) {
            throw new DialogException(file, 1, "not valid YAML: " + e.getMessage());
        }
        MappingNode top = mapping(root, "the file");
        Map<String, Node> fields = fields(top, Set.of("dialog", "initial", "entries", "global", "states",
                "messages"));
        String name = scalar(require(fields, "dialog", top), "dialog");
        Node initialNode = require(fields, "initial", top);
        String initial = scalar(initialNode, "initial");

        Map<String, MessageDef> messages = new LinkedHashMap<>();
        for (NodeTuple t : mapping(require(fields, "messages", top), "messages").getValue()) {
            String key = scalar(t.getKeyNode(), "message name");
            messages.put(key, message(key, t.getValueNode()));
        }

        List<String> entries = fields.containsKey("entries") ? strings(fields.get("entries"), "entries") : List.of();
        int entriesLine = fields.containsKey("entries") ? line(fields.get("entries")) : 1;

        int[] counter = {0};
        List<TransitionDef> global = new ArrayList<>();
        if (fields.containsKey("global")) {
            for (Node n : sequence(fields.get("global"), "global").getValue()) {
                global.add(transition(n, "global", counter));
            }
        }
        Map<String, StateDef> states = new LinkedHashMap<>();
        for (NodeTuple t : mapping(require(fields, "states", top), "states").getValue()) {
            String stateName = scalar(t.getKeyNode(), "state name");
            states.put(stateName, state(stateName, t.getValueNode(), line(t.getKeyNode()), counter));
        }
        DialogDefinition def = new DialogDefinition(file, name, initial, entries, List.copyOf(global), states,
                messages);
        check(def, line(initialNode), entriesLine);
        return def;
    }

    private StateDef state(String name, Node node, int keyLine, int[] counter) {
        MappingNode m = mapping(node, "state " + name);
        Map<String, Node> f = fields(m, Set.of("say", "do", "on", "reprompt", "global"));
        List<TransitionDef> on = new ArrayList<>();
        if (f.containsKey("on")) {
            for (Node n : sequence(f.get("on"), "on").getValue()) {
                on.add(transition(n, name, counter));
            }
        }
        List<String> effects = f.containsKey("do") ? strings(f.get("do"), "do") : List.of();
        for (String effect : effects) {
            if (!EFFECTS.contains(effect)) {
                throw new DialogException(file, line(f.get("do")), "state '" + name + "' has unknown effect '"
                        + effect + "' (known: " + EFFECTS + ")");
            }
        }
        boolean global = !f.containsKey("global") || Boolean.parseBoolean(scalar(f.get("global"), "global"));
        return new StateDef(name, f.containsKey("say") ? strings(f.get("say"), "say") : List.of(), effects,
                List.copyOf(on), f.containsKey("reprompt") ? scalar(f.get("reprompt"), "reprompt") : null, global,
                keyLine);
    }

    private TransitionDef transition(Node node, String owner, int[] counter) {
        MappingNode m = mapping(node, "transition in " + owner);
        Map<String, Node> f = fields(m, Set.of("intent", "if", "set", "to", "say"));
        List<String> intents = strings(require(f, "intent", m), "intent");
        String condition = f.containsKey("if") ? scalar(f.get("if"), "if") : null;
        if (condition != null && !CONDITIONS.contains(condition)) {
            throw new DialogException(file, line(f.get("if")), "unknown condition '" + condition + "' (known: "
                    + CONDITIONS + ")");
        }
        String capture = f.containsKey("set") ? scalar(f.get("set"), "set") : null;
        if (capture != null && !CAPTURES.contains(capture)) {
            throw new DialogException(file, line(f.get("set")), "unknown capture '" + capture + "' (known: "
                    + CAPTURES + ")");
        }
        for (String intent : intents) {
            if (!knownIntents.contains(intent) && !ENGINE_EVENTS.contains(intent)) {
                throw new DialogException(file, line(f.get("intent")), "unknown intent '" + intent
                        + "': the NLU knows " + new java.util.TreeSet<>(knownIntents) + " and the engine raises "
                        + ENGINE_EVENTS);
            }
        }
        return new TransitionDef("t" + (counter[0]++), intents, condition, capture,
                f.containsKey("to") ? scalar(f.get("to"), "to") : null,
                f.containsKey("say") ? strings(f.get("say"), "say") : List.of(), line(node));
    }

    private MessageDef message(String key, Node node) {
        MappingNode m = mapping(node, "message " + key);
        Map<String, Node> f = fields(m, Set.of("text", "sms", "options"));
        String text = scalar(require(f, "text", m), "text");
        String sms = f.containsKey("sms") ? scalar(f.get("sms"), "sms") : null;
        for (String s : sms == null ? List.of(text) : List.of(sms)) {
            int bad = Gsm7.firstUnencodable(s);
            if (!gsm) {
                if (bad >= 0 && s.length() > MAX_UCS2_TEMPLATE) {
                    throw new DialogException(file, line(node), "message '" + key + "' is " + s.length()
                            + " characters for SMS; in this script a text part holds 67, so keep it to "
                            + MAX_UCS2_TEMPLATE + " (three parts)");
                }
            } else if (bad >= 0) {
                throw new DialogException(file, line(node), "message '" + key + "' has a character SMS cannot "
                        + "send plainly: '" + s.charAt(bad) + "' (use straight quotes, '-' and no emoji)");
            }
        }
        for (String s : sms == null ? List.of(text) : List.of(text, sms)) {
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\{([a-z_]+)}").matcher(s);
            while (matcher.find()) {
                if (!PLACEHOLDERS.contains(matcher.group(1))) {
                    throw new DialogException(file, line(node), "message '" + key + "' uses unknown placeholder {"
                            + matcher.group(1) + "} (known: " + PLACEHOLDERS + ")");
                }
            }
        }
        return new MessageDef(key, text, sms, f.containsKey("options") ? strings(f.get("options"), "options")
                : List.of(), line(node));
    }

    private void check(DialogDefinition def, int initialLine, int entriesLine) {
        if (!def.states().containsKey(def.initial())) {
            throw new DialogException(file, initialLine, "initial state '" + def.initial() + "' is not defined");
        }
        for (String entry : def.entries()) {
            if (!def.states().containsKey(entry)) {
                throw new DialogException(file, entriesLine, "entry state '" + entry + "' is not defined");
            }
        }
        for (TransitionDef t : def.global()) {
            checkTransition(def, t);
        }
        for (StateDef s : def.states().values()) {
            for (TransitionDef t : s.on()) {
                checkTransition(def, t);
            }
            for (String key : s.say()) {
                checkMessage(def, key, s.line());
            }
            if (s.reprompt() != null) {
                checkMessage(def, s.reprompt(), s.line());
            }
        }
        // Every state must be reachable from the initial one or an entry.
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(def.initial()));
        todo.addAll(def.entries());
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            StateDef s = def.state(name);
            List<TransitionDef> out = new ArrayList<>(s.on());
            if (s.global()) {
                out.addAll(def.global());
            }
            out.stream().map(TransitionDef::target).filter(java.util.Objects::nonNull).forEach(todo::push);
        }
        for (StateDef s : def.states().values()) {
            if (!seen.contains(s.name())) {
                throw new DialogException(file, s.line(), "state '" + s.name() + "' cannot be reached from '"
                        + def.initial() + "'");
            }
        }
    }

    private void checkTransition(DialogDefinition def, TransitionDef t) {
        if (t.target() != null && !def.states().containsKey(t.target())) {
            throw new DialogException(file, t.line(), "transition goes to state '" + t.target()
                    + "', which is not defined");
        }
        if (t.target() != null && def.state(t.target()).effects().contains("stop")
                && (!STOP_ASKED.equals(t.condition()) || !t.intents().equals(List.of(Intents.AFFIRM)))) {
            throw new DialogException(file, t.line(), "transition to '" + t.target() + "' ends the conversation "
                    + "without asking first: only `intent: affirm` with `if: " + STOP_ASKED + "` (a yes to the "
                    + "question whether to end, asked by a transition that does `set: " + STOP_ASKED + "`) may");
        }
        for (String key : t.say()) {
            checkMessage(def, key, t.line());
        }
    }

    private void checkMessage(DialogDefinition def, String key, int line) {
        if (!def.messages().containsKey(key)) {
            throw new DialogException(file, line, "message '" + key + "' is not defined under messages");
        }
    }

    private Map<String, Node> fields(MappingNode m, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode(), "key");
            if (!allowed.contains(key)) {
                throw new DialogException(file, line(t.getKeyNode()), "unknown key '" + key + "' (expected one of "
                        + new java.util.TreeSet<>(allowed) + ")");
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private Node require(Map<String, Node> fields, String key, Node parent) {
        Node n = fields.get(key);
        if (n == null) {
            throw new DialogException(file, line(parent), "missing '" + key + "'");
        }
        return n;
    }

    private MappingNode mapping(Node n, String what) {
        if (n instanceof MappingNode m) {
            return m;
        }
        throw new DialogException(file, n == null ? 1 : line(n), what + " should be a mapping (key: value lines)");
    }

    private SequenceNode sequence(Node n, String what) {
        if (n instanceof SequenceNode s) {
            return s;
        }
        throw new DialogException(file, line(n), "'" + what + "' should be a list");
    }

    private String scalar(Node n, String what) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new DialogException(file, line(n), "'" + what + "' should be a single value");
    }

    /** A single value or a [list] of values. */
    private List<String> strings(Node n, String what) {
        if (n instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        List<String> out = new ArrayList<>();
        for (Node item : sequence(n, what).getValue()) {
            out.add(scalar(item, what));
        }
        return List.copyOf(out);
    }

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }
}
