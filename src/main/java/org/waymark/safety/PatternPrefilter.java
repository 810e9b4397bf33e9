package org.waymark.safety;

import java.util.List;
import java.util.Map;
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
 * <p>Each DFA is built once per JVM, for every pattern of the same source alike, on one daemon thread (about 3 to 5
 * seconds for the risk rules and idioms); until a pattern's is ready, and for a pattern with what this cannot widen
 * (flags, back references, other escapes, a {@code .} that could make the scan quadratic), the pattern simply runs.
 */
final class PatternPrefilter {

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

    private PatternPrefilter(Pattern pattern) {
        this.dfa = CompletableFuture.supplyAsync(() -> build(pattern), BUILDER);
    }

    /** The prefilter for this pattern, shared by every pattern of the same source and flags. */
    static PatternPrefilter of(Pattern pattern) {
        return BY_SOURCE.computeIfAbsent(pattern.flags() + "/" + pattern.pattern(), k -> new PatternPrefilter(pattern));
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

    /** Waits until every prefilter asked for so far is built or known not to be; for tests and benchmarks. */
    static void awaitBuilt() {
        for (PatternPrefilter p : List.copyOf(BY_SOURCE.values())) {
            p.dfa.join();
        }
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
