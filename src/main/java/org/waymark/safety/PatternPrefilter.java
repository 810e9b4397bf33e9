package org.waymark.safety;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import dk.brics.automaton.RegExp;
import dk.brics.automaton.RunAutomaton;

/**
 * A quick "this pattern cannot find anything here" for a {@link Pattern}: a DFA (dk.brics.automaton) of a wider
 * language than the pattern's (its zero-width assertions, {@code \b}, {@code ^}, {@code $} and lookarounds, read as
 * the empty string; laziness and possessiveness ignored), run from every position of the text. Where it finds
 * nothing the pattern cannot find anything either; where it finds something the pattern runs as before. So no
 * decision changes, only the time: java.util.regex tries each of a rule's hundreds of alternatives at every
 * position, and the 69 risk rules took 3.8 ms on a 700-character story (0.12 ms here).
 *
 * <p>The risk rules' DFAs are built when the app is built ({@link PrefilterArchive}, at Maven's
 * {@code process-classes}) and read from the jar ({@value #ARCHIVE}) when a pattern asks for its own: building them
 * took 3 to 5 seconds of CPU and 2.5 GB of allocation at every start-up. A pattern the archive does not hold (one
 * changed since the build, or a test's own) gets its DFA built once per JVM, for every pattern of the same source
 * alike, on one daemon thread; until it is ready, and for a pattern with what this cannot widen (flags, back
 * references, other escapes, a {@code .} that could make the scan quadratic), the pattern simply runs.
 */
final class PatternPrefilter {

    /** The classpath resource of the DFAs built with the app. */
    static final String ARCHIVE = "/org/waymark/safety/prefilters.bin";
    /** The archive's first line: a new one for any change to what {@link #widened} or the DFAs mean. */
    private static final String FORMAT = "waymark-prefilters-1";
    private static final Map<String, PatternPrefilter> BY_SOURCE = new ConcurrentHashMap<>();
    private static final ExecutorService BUILDER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pattern-prefilters");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    /** Java's {@code \w} without UNICODE_CHARACTER_CLASS, as brics ranges. */
    private static final String WORD = "a-zA-Z0-9_";
    /** What a zero-width assertion becomes: brics's empty string, so "(\b|x)" and "(?=x)?" stay well formed. */
    private static final String EMPTY = "()";

    private final CompletableFuture<RunAutomaton> dfa;

    private PatternPrefilter(Pattern pattern, String key) {
        Built archived = Archived.DFAS.get(key);
        this.dfa = archived != null ? CompletableFuture.completedFuture(archived.dfa())
                : CompletableFuture.supplyAsync(() -> build(pattern), BUILDER);
    }

    /** The prefilter for this pattern, shared by every pattern of the same source and flags. */
    static PatternPrefilter of(Pattern pattern) {
        return BY_SOURCE.computeIfAbsent(key(pattern), k -> new PatternPrefilter(pattern, k));
    }

    private static String key(Pattern pattern) {
        return pattern.flags() + "/" + pattern.pattern();
    }

    /** False only when the pattern cannot find anything in {@code text}. */
    boolean mayFind(CharSequence text) {
        RunAutomaton d = dfa.getNow(null);
        if (d == null) {
            return true;
        }
        int initial = d.getInitialState();
        if (d.isAccept(initial)) {
            return true;
        }
        for (int from = 0; from < text.length(); from++) {
            int state = initial;
            for (int i = from; i < text.length(); i++) {
                state = d.step(state, text.charAt(i));
                if (state < 0) {
                    break;
                }
                if (d.isAccept(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether this pattern's DFA is built (false while it builds, and for a pattern it cannot widen). */
    boolean quick() {
        return dfa.getNow(null) != null;
    }

    /** Whether the archive in the jar holds this pattern's DFA, so that nothing is built for it at start-up. */
    static boolean archived(Pattern pattern) {
        Built b = Archived.DFAS.get(key(pattern));
        return b != null && b.dfa() != null;
    }

    /** Waits until every prefilter asked for so far is built or known not to be; for tests and benchmarks. */
    static void awaitBuilt() {
        for (PatternPrefilter p : List.copyOf(BY_SOURCE.values())) {
            p.dfa.join();
        }
    }

    /** A pattern's DFA as the archive holds it: null for a pattern this cannot widen. */
    private record Built(RunAutomaton dfa) {
    }

    /** The archive in the jar, read on first use; empty where the build did not make one (an IDE's own build). */
    private static final class Archived {
        static final Map<String, Built> DFAS = read();

        private static Map<String, Built> read() {
            try (InputStream in = PatternPrefilter.class.getResourceAsStream(ARCHIVE)) {
                return in == null ? Map.of() : read(in);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                return Map.of(); // built instead, as for a pattern the archive lacks (the safety module logs nothing)
            }
        }

        private static Map<String, Built> read(InputStream stream) throws IOException, ClassNotFoundException {
            DataInputStream in = new DataInputStream(new BufferedInputStream(stream));
            if (!FORMAT.equals(in.readUTF())) {
                return Map.of(); // an archive of another version: build them
            }
            int count = in.readInt();
            Map<String, Built> dfas = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String key = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                int length = in.readInt();
                dfas.put(key, new Built(length < 0 ? null
                        : RunAutomaton.load(new ByteArrayInputStream(in.readNBytes(length)))));
            }
            return dfas;
        }
    }

    /**
     * Writes the DFA of every pattern asked for so far (built here where the archive did not hold it), in key
     * order, so the same patterns give the same bytes.
     */
    static void writeArchive(Path file) throws IOException {
        Map<String, RunAutomaton> sorted = new TreeMap<>();
        Map<String, Boolean> widenable = new TreeMap<>();
        BY_SOURCE.forEach((key, prefilter) -> {
            RunAutomaton d = prefilter.dfa.join();
            widenable.put(key, d != null);
            if (d != null) {
                sorted.put(key, d);
            }
        });
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            out.writeUTF(FORMAT);
            out.writeInt(widenable.size());
            for (Map.Entry<String, Boolean> e : widenable.entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                if (e.getValue()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    sorted.get(e.getKey()).store(bytes);
                    out.writeInt(bytes.size());
                    bytes.writeTo(out);
                } else {
                    out.writeInt(-1);
                }
            }
        }
    }

    /** Stops the builder thread; for the build's archive step, which has nothing more to build. */
    static void stopBuilding() {
        BUILDER.shutdown();
    }

    private static RunAutomaton build(Pattern pattern) {
        if (pattern.flags() != 0) {
            return null;
        }
        try {
            String wider = widened(pattern.pattern());
            return new RunAutomaton(new RegExp(wider, RegExp.NONE).toAutomaton(false));
        } catch (IllegalArgumentException | StackOverflowError e) {
            return null; // the pattern runs on every text, as before
        }
    }

    /**
     * The pattern's regular expression in brics syntax, matching every string the pattern can match and possibly
     * more; refuses ({@link IllegalArgumentException}) what it cannot widen so.
     */
    static String widened(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 64);
        boolean inClass = false;
        boolean afterQuantifier = false;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            boolean quantifier = false;
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    throw new IllegalArgumentException("a trailing backslash");
                }
                char e = regex.charAt(i + 1);
                i += 2;
                if (e == 'w') {
                    out.append(inClass ? WORD : "[" + WORD + "]");
                } else if (e == 'b' && !inClass) {
                    out.append(EMPTY);
                    refuseQuantified(regex, i);
                } else if (Character.isLetterOrDigit(e)) {
                    throw new IllegalArgumentException("the escape \\" + e);
                } else {
                    out.append('\\').append(e);
                }
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (c == '-' || c == '^' && regex.charAt(i - 1) == '[') {
                    out.append(c);
                } else if (c == '[' || c == '&') {
                    throw new IllegalArgumentException("a class inside a class");
                } else {
                    literal(out, c);
                }
                i++;
            } else if (c == '[') {
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    throw new IllegalArgumentException("a class opening with ]");
                }
                inClass = true;
                out.append(c);
                i++;
            } else if (c == '(') {
                if (regex.startsWith("(?:", i)) {
                    out.append('(');
                    i += 3;
                } else if (regex.startsWith("(?=", i) || regex.startsWith("(?!", i) || regex.startsWith("(?<=", i)
                        || regex.startsWith("(?<!", i)) {
                    i = afterGroup(regex, i);
                    out.append(EMPTY);
                    refuseQuantified(regex, i);
                } else if (regex.startsWith("(?", i)) {
                    throw new IllegalArgumentException("the group " + regex.substring(i, Math.min(i + 4, regex.length())));
                } else {
                    out.append('(');
                    i++;
                }
            } else if (c == '*' || c == '+' || c == '?') {
                if (!afterQuantifier) {
                    out.append(c);
                    quantifier = true;
                } // else lazy (?) or possessive (+): the same strings or fewer
                i++;
            } else if (c == '{') {
                int close = regex.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("an unclosed {");
                }
                out.append(regex, i, close + 1);
                quantifier = true;
                i = close + 1;
            } else if (c == '^' || c == '$') {
                out.append(EMPTY);
                i++;
                refuseQuantified(regex, i);
            } else if (c == '.') {
                // from every position, "x.*y" would read to the end of the text each time
                throw new IllegalArgumentException("a . outside a lookaround");
            } else if (c == ')' || c == '|') {
                out.append(c);
                i++;
            } else {
                literal(out, c);
                i++;
            }
            afterQuantifier = quantifier;
        }
        if (inClass) {
            throw new IllegalArgumentException("an unclosed class");
        }
        return out.toString();
    }

    private static void literal(StringBuilder out, char c) {
        if (c < 128 && (Character.isLetterOrDigit(c) || c == ' ')) {
            out.append(c);
        } else {
            out.append('\\').append(c);
        }
    }

    /** A zero-width assertion with a quantifier on it is valid Java but means nothing here: refused. */
    private static void refuseQuantified(String regex, int at) {
        if (at < regex.length() && "*+?{".indexOf(regex.charAt(at)) >= 0) {
            throw new IllegalArgumentException("a quantified assertion");
        }
    }

    /** The index just after the group opening at {@code open}, skipping escapes and classes. */
    private static int afterGroup(String regex, int open) {
        int depth = 0;
        boolean inClass = false;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("an unclosed group");
    }
}
