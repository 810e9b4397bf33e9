package org.waymark.nlu;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import opennlp.tools.ml.EventTrainer;
import opennlp.tools.ml.TrainerFactory;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.BinaryFileDataReader;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.model.GenericModelReader;
import opennlp.tools.ml.model.GenericModelWriter;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStream;
import opennlp.tools.util.TrainingParameters;
import org.waymark.embedding.Averaged;
import org.waymark.embedding.Classifier;
import org.waymark.embedding.LinearModel;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.Prototypes;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * A text classifier made of OpenNLP models trained on the same features, whose probabilities are averaged (today one
 * L2-regularised maximum entropy model, L-BFGS), and for intents ({@link #trainIntents}) a classifier on the
 * message's sentence embedding averaged in at a weight ({@link #EMBEDDING}). Thread-safe once built.
 */
final class IntentClassifier {

    /** One member of the ensemble: its OpenNLP training parameters and its weight in the average. */
    record Member(String name, Map<String, String> params, double weight) {
    }

    /**
     * The settings: tf-idf weighted, L2-normalised features (a standard for short-text classification) and an
     * L2-regularised maxent whose cost was chosen by 5-fold cross-validation on the benchmark's training files.
     * Adding naive Bayes or GIS maxent to the average did not improve cross-validated accuracy, so one model it is.
     */
    static final List<Member> DEFAULT_MEMBERS = maxent(0.01);

    /**
     * The intent model's maxent L2 cost, chosen with its embedding member by {@code nlu cv-intents} (the third grid,
     * docs/intents-benchmark.md); the needs model keeps {@link #DEFAULT_MEMBERS}.
     */
    static final double INTENT_TEXT_L2 = 0.03;

    /** One L2-regularised maxent model (L-BFGS) at cost {@code l2}. */
    static List<Member> maxent(double l2) {
        return List.of(new Member("maxent", Map.of("Algorithm", "MAXENT_QN", "Iterations", "100", "Cutoff", "0",
                "L2Cost", Double.toString(l2), "L1Cost", "0", "Threads", "1"), 1.0));
    }

    /**
     * A classifier on the message's sentence embedding, averaged in with the text models at a weight; chosen, with
     * its settings and weight, by cross-validation on training files only ({@code nlu cv-intents}, see
     * docs/intents-benchmark.md; since the fourth grid, the net and its training examples' three nearest averaged).
     * Null for no embedding member.
     */
    static final EmbeddingMember EMBEDDING = EmbeddingMember.mlpAndPrototypes(128, 50, 1e-4, 3, 0.05, 0.6);

    /**
     * How the embedding member is trained, and its weight in the average (the text models share the rest): a linear
     * softmax, one net with a hidden layer, a bag of {@code bag} such nets from consecutive seeds,
     * {@link Prototypes} (centroids when {@code k} is 0, else the mean of a label's {@code k} nearest examples,
     * softmax at {@code temperature}), or a net and prototypes averaged.
     */
    record EmbeddingMember(String kind, double l2, int steps, int hidden, int bag, int k, double temperature,
                           double weight) {

        static EmbeddingMember linear(double l2, int iterations, double weight) {
            return new EmbeddingMember("linear", l2, iterations, 0, 1, 0, 0, weight);
        }

        static EmbeddingMember mlp(int hidden, int epochs, double l2, double weight) {
            return new EmbeddingMember("mlp", l2, epochs, hidden, 1, 0, 0, weight);
        }

        static EmbeddingMember bag(int size, int hidden, int epochs, double l2, double weight) {
            return new EmbeddingMember("mlp-bag", l2, epochs, hidden, size, 0, 0, weight);
        }

        static EmbeddingMember prototypes(int k, double temperature, double weight) {
            return new EmbeddingMember("prototypes", 0, 0, 0, 1, k, temperature, weight);
        }

        /** One net as {@link #mlp} and prototypes as {@link #prototypes}, their probabilities averaged. */
        static EmbeddingMember mlpAndPrototypes(int hidden, int epochs, double l2, int k, double temperature,
                                                double weight) {
            return new EmbeddingMember("mlp+prototypes", l2, epochs, hidden, 1, k, temperature, weight);
        }

        String describe() {
            String prototypes = String.format(java.util.Locale.ROOT, "%s t=%s",
                    k == 0 ? "centroids" : k + "-nearest", temperature);
            return switch (kind) {
                case "linear" -> String.format(java.util.Locale.ROOT, "softmax l2=%s steps=%d", l2, steps);
                case "mlp" -> String.format(java.util.Locale.ROOT, "mlp hidden=%d epochs=%d l2=%s", hidden, steps, l2);
                case "prototypes" -> prototypes;
                case "mlp+prototypes" -> String.format(java.util.Locale.ROOT, "mlp hidden=%d epochs=%d l2=%s + %s",
                        hidden, steps, l2, prototypes);
                default -> String.format(java.util.Locale.ROOT, "bag of %d mlp hidden=%d epochs=%d l2=%s", bag,
                        hidden, steps, l2);
            };
        }

        Classifier fit(float[][] x, int[] classOf, List<String> labels) {
            return switch (kind) {
                case "linear" -> LinearModel.softmax(x, classOf, labels, new LinearModel.Settings(l2, steps, false));
                case "mlp" -> Mlp.train(x, classOf, labels, new Mlp.Settings(hidden, steps, l2), SEED);
                case "prototypes" -> Prototypes.of(x, classOf, labels, k, temperature);
                case "mlp+prototypes" -> new Averaged(List.of(
                        Mlp.train(x, classOf, labels, new Mlp.Settings(hidden, steps, l2), SEED),
                        Prototypes.of(x, classOf, labels, k, temperature)));
                default -> {
                    // a bag: nets from consecutive seeds, their probabilities averaged
                    List<Classifier> nets = new ArrayList<>(bag);
                    for (int i = 0; i < bag; i++) {
                        nets.add(Mlp.train(x, classOf, labels, new Mlp.Settings(hidden, steps, l2), SEED + i));
                    }
                    yield new Averaged(nets);
                }
            };
        }
    }

    private static final long SEED = 15L;

    /** A trained embedding member: its classifier and its weight. Thread-safe. */
    record EmbeddedModel(Classifier classifier, double weight) {

        static EmbeddedModel train(List<Example> examples, List<float[]> vectors, EmbeddingMember member) {
            List<String> labels = examples.stream().map(Example::label).distinct().sorted().toList();
            int[] classOf = new int[examples.size()];
            for (int i = 0; i < classOf.length; i++) {
                classOf[i] = labels.indexOf(examples.get(i).label());
            }
            return new EmbeddedModel(member.fit(vectors.toArray(float[][]::new), classOf, labels), member.weight());
        }

        /** The classifier's ranking alone, best first. */
        List<IntentScore> rank(float[] vector) {
            double[] p = classifier.probabilities(vector);
            List<IntentScore> out = new ArrayList<>(p.length);
            for (int i = 0; i < p.length; i++) {
                out.add(new IntentScore(classifier.labels().get(i), p[i]));
            }
            out.sort(Comparator.comparingDouble(IntentScore::confidence).reversed());
            return out;
        }
    }

    private final Features features;
    private final List<MaxentModel> models;
    private final double[] weights;
    private final String[] labels;
    /** Inverse document frequency of each training feature; empty for binary features. */
    private final Map<String, Float> idf;
    /** The same model flattened for fast evaluation, when it is one tf-idf maxent model; else null. */
    private final Flat flat;
    /** The embedding member, or null; and the position in {@link #labels} of each of its labels. */
    private final EmbeddedModel embedded;
    private final int[] embeddedIndex;

    private IntentClassifier(Features features, List<MaxentModel> models, double[] weights, Map<String, Float> idf) {
        this(features, models, weights, idf, null);
    }

    private IntentClassifier(Features features, List<MaxentModel> models, double[] weights, Map<String, Float> idf,
                             EmbeddedModel embedded) {
        this.features = features;
        this.embedded = embedded;
        this.idf = Map.copyOf(idf);
        this.models = List.copyOf(models);
        this.weights = weights;
        Set<String> all = new LinkedHashSet<>();
        for (MaxentModel m : models) {
            for (int i = 0; i < m.getNumOutcomes(); i++) {
                all.add(m.getOutcome(i));
            }
        }
        this.labels = all.toArray(String[]::new);
        this.flat = models.size() == 1 && !idf.isEmpty() && models.get(0) instanceof AbstractModel m
                && m.getModelType() == AbstractModel.ModelType.MaxentQn ? Flat.of(m, this.idf, labels) : null;
        if (embedded != null) {
            List<String> own = List.of(labels);
            embeddedIndex = embedded.classifier().labels().stream().mapToInt(own::indexOf).toArray();
            for (int i = 0; i < embeddedIndex.length; i++) {
                if (embeddedIndex[i] < 0) {
                    throw new IllegalArgumentException("the embedding member's label "
                            + embedded.classifier().labels().get(i) + " is not an intent of the text models");
                }
            }
        } else {
            embeddedIndex = new int[0];
        }
    }

    /**
     * The intent model: the text models and, when {@link #EMBEDDING} is set, a classifier on each example's
     * sentence embedding.
     */
    static IntentClassifier trainIntents(List<Example> examples) {
        return trainIntents(examples, EMBEDDING);
    }

    static IntentClassifier trainIntents(List<Example> examples, EmbeddingMember member) {
        return trainIntents(examples, member == null ? null
                : SentenceEmbeddings.shared().embedAll(examples.stream().map(Example::text).toList()), member);
    }

    /** As {@link #trainIntents(List)} with each example's embedding given ({@code vectors} unused without member). */
    static IntentClassifier trainIntents(List<Example> examples, List<float[]> vectors, EmbeddingMember member) {
        IntentClassifier text = train(examples, Features.DEFAULT, maxent(INTENT_TEXT_L2));
        if (member == null) {
            return text;
        }
        return new IntentClassifier(text.features, text.models, text.weights, text.idf,
                EmbeddedModel.train(examples, vectors, member));
    }

    /** The embedding member, or null. */
    EmbeddedModel embedded() {
        return embedded;
    }

    /** The same text models with another embedding member (a retrained one, issue 20). */
    IntentClassifier withEmbedded(EmbeddedModel member) {
        return new IntentClassifier(features, models, weights, idf, member);
    }

    /** Whether ranking needs the message's sentence embedding. */
    boolean usesEmbedding() {
        return embedded != null;
    }

    /**
     * A maxent model's weights laid out by feature hash: one probe per feature yields its idf and its weight for
     * every label, with no allocation per feature. Scores as OpenNLP's QNModel does (softmax of weighted sums).
     */
    private record Flat(LongIndex ids, float[] idf, float[] weights, int labels) {

        @SuppressWarnings("unchecked")
        static Flat of(AbstractModel model, Map<String, Float> idf, String[] labelOrder) {
            Map<String, opennlp.tools.ml.model.Context> pmap =
                    (Map<String, opennlp.tools.ml.model.Context>) model.getDataStructures()[1];
            int[] labelOf = new int[model.getNumOutcomes()];
            for (int o = 0; o < labelOf.length; o++) {
                labelOf[o] = List.of(labelOrder).indexOf(model.getOutcome(o));
            }
            int n = labelOrder.length;
            LongIndex ids = new LongIndex(idf.size());
            float[] idfs = new float[idf.size()];
            float[] weights = new float[idf.size() * n];
            for (var e : idf.entrySet()) {
                int id = ids.add(Features.hash(e.getKey()));
                idfs[id] = e.getValue();
                opennlp.tools.ml.model.Context c = pmap.get(e.getKey());
                if (c != null) {
                    for (int k = 0; k < c.getOutcomes().length; k++) {
                        weights[id * n + labelOf[c.getOutcomes()[k]]] = (float) c.getParameters()[k];
                    }
                }
            }
            return new Flat(ids, idfs, weights, n);
        }

        double[] eval(String[] context) {
            long[] hashes = new long[context.length];
            for (int i = 0; i < context.length; i++) {
                hashes[i] = Features.hash(context[i]);
            }
            return eval(hashes);
        }

        double[] eval(long[] hashes) {
            int[] found = new int[hashes.length];
            int count = 0;
            for (long h : hashes) {
                int id = ids.get(h);
                if (id >= 0) {
                    found[count++] = id;
                }
            }
            java.util.Arrays.sort(found, 0, count);
            double[] scores = new double[labels];
            double norm = 0;
            int[] unique = new int[count];
            float[] values = new float[count];
            int u = 0;
            for (int i = 0; i < count; ) {
                int j = i + 1;
                while (j < count && found[j] == found[i]) {
                    j++;
                }
                float v = idf[found[i]] * (j - i);
                unique[u] = found[i];
                values[u++] = v;
                norm += (double) v * v;
                i = j;
            }
            double scale = u == 0 ? 0 : 1.0 / Math.sqrt(norm);
            for (int k = 0; k < u; k++) {
                int base = unique[k] * labels;
                double v = values[k] * scale;
                for (int o = 0; o < labels; o++) {
                    scores[o] += v * weights[base + o];
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double x : scores) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (int o = 0; o < labels; o++) {
                scores[o] = Math.exp(scores[o] - max);
                sum += scores[o];
            }
            for (int o = 0; o < labels; o++) {
                scores[o] /= sum;
            }
            return scores;
        }
    }

    /** A labelled text. */
    record Example(String label, String text) {
    }

    static IntentClassifier train(List<Example> examples) {
        return train(examples, Features.DEFAULT, DEFAULT_MEMBERS);
    }

    static IntentClassifier train(List<Example> examples, Features features, List<Member> members) {
        return train(examples, features, members, true);
    }

    static IntentClassifier train(List<Example> examples, Features features, List<Member> members, boolean tfidf) {
        List<String[]> contexts = new ArrayList<>(examples.size());
        Map<String, Integer> df = new HashMap<>();
        for (Example e : examples) {
            String[] context = features.of(TextNormaliser.tokens(e.text()));
            contexts.add(context);
            for (String f : new LinkedHashSet<>(List.of(context))) {
                df.merge(f, 1, Integer::sum);
            }
        }
        Map<String, Float> idf = new HashMap<>();
        if (tfidf) {
            // smoothed idf as in common tf-idf practice: rare, telling features weigh more than "how do i"
            int n = examples.size();
            df.forEach((f, d) -> idf.put(f, (float) (Math.log((1.0 + n) / (1.0 + d)) + 1.0)));
        }
        List<Event> events = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            Weighted w = weigh(contexts.get(i), idf);
            events.add(new Event(examples.get(i).label(), w.context(), w.values()));
        }
        List<MaxentModel> models = new ArrayList<>();
        double[] weights = new double[members.size()];
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            TrainingParameters params = new TrainingParameters();
            member.params().forEach(params::put);
            // in memory: the default two-pass indexer writes temporary files
            params.put("DataIndexer", tfidf ? "OnePassRealValue" : "OnePass");
            EventTrainer trainer = TrainerFactory.getEventTrainer(params, new HashMap<>());
            try {
                models.add(trainer.train(new ListStream(events)));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            weights[i] = member.weight();
        }
        return new IntentClassifier(features, models, weights, idf);
    }

    private record Weighted(String[] context, float[] values) {
    }

    /** Term frequency times idf, L2-normalised so long and short texts weigh alike; binary when idf is empty. */
    private static Weighted weigh(String[] context, Map<String, Float> idf) {
        if (idf.isEmpty()) {
            float[] ones = new float[context.length];
            java.util.Arrays.fill(ones, 1f);
            return new Weighted(context, ones);
        }
        // sorting brings repeats together: counting them needs no map, which keeps parse cheap
        String[] sorted = context.clone();
        java.util.Arrays.sort(sorted);
        String[] names = new String[sorted.length];
        float[] values = new float[sorted.length];
        int n = 0;
        double norm = 0;
        for (int i = 0; i < sorted.length; ) {
            int j = i + 1;
            while (j < sorted.length && sorted[j].equals(sorted[i])) {
                j++;
            }
            Float w = idf.get(sorted[i]);
            if (w != null) {
                float v = w * (j - i);
                names[n] = sorted[i];
                values[n++] = v;
                norm += (double) v * v;
            }
            i = j;
        }
        if (n == 0) {
            return new Weighted(new String[] {"<empty>"}, new float[] {1f});
        }
        float scale = (float) (1.0 / Math.sqrt(norm));
        for (int i = 0; i < n; i++) {
            values[i] *= scale;
        }
        return new Weighted(java.util.Arrays.copyOf(names, n), java.util.Arrays.copyOf(values, n));
    }

    /** Every label with its probability, best first. */
    List<IntentScore> rank(String text) {
        List<String> tokens = TextNormaliser.tokens(text);
        if (embedded == null) {
            return rankTokens(tokens);
        }
        return blend(textProbabilities(features.of(tokens)), SentenceEmbeddings.shared().embed(text));
    }

    /**
     * Ranks a message from its features given as {@link Features#hashes} and, with an embedding member, from the
     * sentence embedding of its raw text, which the parse has already computed for the needs and risk models (null
     * when {@link #usesEmbedding()} is false).
     */
    List<IntentScore> rankHashed(long[] hashes, List<String> tokens, float[] vector) {
        if (embedded == null) {
            return rankHashed(hashes, tokens);
        }
        return blend(flat != null ? flat.eval(hashes) : textProbabilities(features.of(tokens)), vector);
    }

    private List<IntentScore> blend(double[] text, float[] vector) {
        double[] e = embedded.classifier().probabilities(vector);
        double w = embedded.weight();
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = (1 - w) * text[i];
        }
        for (int i = 0; i < e.length; i++) {
            out[embeddedIndex[i]] += w * e[i];
        }
        return ranking(out, 1.0);
    }

    /** The text models' probabilities, in {@link #labels} order. */
    private double[] textProbabilities(String[] context) {
        if (flat != null) {
            return flat.eval(context);
        }
        Weighted w = weigh(context, idf);
        double[] sum = new double[labels.length];
        double total = 0;
        for (int m = 0; m < models.size(); m++) {
            MaxentModel model = models.get(m);
            double[] p = model.eval(w.context(), w.values());
            for (int o = 0; o < p.length; o++) {
                sum[index(model.getOutcome(o))] += weights[m] * p[o];
            }
            total += weights[m];
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= total;
        }
        return sum;
    }

    List<IntentScore> rankTokens(List<String> tokens) {
        return rankContext(features.of(tokens));
    }

    /** Ranks already computed features: callers sharing {@link #features()} compute them once per message. */
    /** Ranks features given as {@link Features#hashes}; falls back to their strings for non-flat models. */
    List<IntentScore> rankHashed(long[] hashes, List<String> tokens) {
        return flat != null ? ranking(flat.eval(hashes), 1.0) : rankTokens(tokens);
    }

    /** The text models' ranking alone. */
    List<IntentScore> rankContext(String[] context) {
        return ranking(textProbabilities(context), 1.0);
    }

    private List<IntentScore> ranking(double[] sum, double total) {
        List<IntentScore> ranking = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            ranking.add(new IntentScore(labels[i], sum[i] / total));
        }
        ranking.sort(Comparator.comparingDouble(IntentScore::confidence).reversed());
        return ranking;
    }

    Features features() {
        return features;
    }

    String best(String text) {
        return rank(text).get(0).name();
    }

    Set<String> labels() {
        return new LinkedHashSet<>(List.of(labels));
    }

    private int index(String label) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals(label)) {
                return i;
            }
        }
        throw new IllegalStateException("unknown label " + label);
    }

    /** Writes every member model, one after another, into one gzip stream. */
    void write(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        DataOutputStream data = new DataOutputStream(gz);
        data.writeInt(idf.size());
        for (var e : new java.util.TreeMap<>(idf).entrySet()) {
            data.writeUTF(e.getKey());
            data.writeFloat(e.getValue());
        }
        data.writeInt(models.size());
        for (int i = 0; i < models.size(); i++) {
            data.writeDouble(weights[i]);
            // OpenNLP's writer closes its stream when done: the models after it need the gzip stream open
            new GenericModelWriter((AbstractModel) models.get(i), new DataOutputStream(
                    new java.io.FilterOutputStream(data) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                        }

                        @Override
                        public void close() throws IOException {
                            flush();
                        }
                    })).persist();
        }
        if (embedded != null) {
            // a trailing marker, so models without an embedding member keep their old bytes
            data.writeByte(1);
            data.writeDouble(embedded.weight());
            embedded.classifier().writeTagged(data);
        }
        data.flush();
        gz.finish();
    }

    static IntentClassifier read(InputStream in, Features features) throws IOException {
        // buffered: the models are read a few bytes at a time, and each read of a bare gzip stream inflates alone
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(in, 1 << 16),
                1 << 16));
        int terms = data.readInt();
        Map<String, Float> idf = new HashMap<>(terms * 2);
        for (int i = 0; i < terms; i++) {
            idf.put(data.readUTF(), data.readFloat());
        }
        int n = data.readInt();
        List<MaxentModel> models = new ArrayList<>(n);
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = data.readDouble();
            models.add(new GenericModelReader(new BinaryFileDataReader(data)).getModel());
        }
        int marker = data.read();
        EmbeddedModel embedded = null;
        if (marker == 1) {
            double weight = data.readDouble();
            embedded = new EmbeddedModel(Classifier.read(data), weight);
        } else if (marker != -1) {
            throw new IOException("unexpected data after the intent models: " + marker);
        }
        return new IntentClassifier(features, models, weights, idf, embedded);
    }

    private static final class ListStream implements ObjectStream<Event> {
        private final List<Event> events;
        private Iterator<Event> it;

        ListStream(List<Event> events) {
            this.events = events;
            this.it = events.iterator();
        }

        @Override
        public Event read() {
            return it.hasNext() ? it.next() : null;
        }

        @Override
        public void reset() {
            it = events.iterator();
        }
    }
}
