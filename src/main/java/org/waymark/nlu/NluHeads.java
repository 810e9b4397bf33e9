package org.waymark.nlu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.waymark.embedding.Averaged;
import org.waymark.embedding.Classifier;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.Prototypes;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.taxonomy.Need;

/**
 * The English NLU's heads on sentence embeddings in one model version (issue 20): the intent member that is
 * averaged in with the maxent (a net, or since the fourth grid of docs/intents-benchmark.md a net and the training
 * examples' {@link Prototypes} averaged), and the needs sigmoids with their thresholds. Everything else of the NLU
 * (the OpenNLP maxent models, the keyword rules, the entities) is as shipped. A retrain ({@link NluByLanguage#retrain})
 * trains the shipped nets on, from their own weights, over the shared training lines plus a practice's corrections,
 * each correction repeated ({@link Settings#repeat()}) so a handful among thousands of lines carries weight, and the
 * intent prototypes keep the same correction rows beside the shipped examples; the needs keep the thresholds the full
 * training chose from out-of-fold predictions. A version's bytes hold only the rows it added to the shipped
 * prototypes (about 1.5 KB a row, where the shipped examples are 6 MB), so reading them needs the shipped heads.
 * Immutable and thread-safe.
 */
public final class NluHeads {

    /**
     * A link worker's correction as a retrain learns it.
     *
     * @param intent the right intent, or null when the worker did not correct it
     * @param needs  the right needs (empty: none), or null when the worker did not correct them
     */
    public record Lesson(String text, String intent, Set<Need> needs) {
    }

    /**
     * How a retrain trains the heads on: passes over the shared lines and the corrections, how many times each
     * correction is repeated in a pass, and Adam's learning rate (the full training's is 1e-3).
     */
    public record Settings(int passes, int repeat, double learningRate) {
        public Settings {
            if (passes < 1 || repeat < 1 || learningRate <= 0) {
                throw new IllegalArgumentException("passes and repeat must be >= 1, the learning rate > 0");
            }
        }
    }

    /** 1: the intent member written whole; 2: a net, then the rows added to the shipped prototypes. */
    private static final int FORMAT = 2;
    private static final long SEED = 20L;

    final IntentClassifier.EmbeddedModel intent;
    final EmbeddingNeeds needs;
    /** The rows a retrain added to the shipped intent prototypes, or null when the member is written whole. */
    private final Rows added;

    /** Examples' embeddings and the index of each one's intent among the member's labels. */
    private record Rows(float[][] x, int[] classOf) {
    }

    NluHeads(IntentClassifier.EmbeddedModel intent, EmbeddingNeeds needs) {
        this(intent, needs, null);
    }

    private NluHeads(IntentClassifier.EmbeddedModel intent, EmbeddingNeeds needs, Rows added) {
        this.intent = intent;
        this.needs = needs;
        this.added = added;
    }

    /** The heads as bytes, for {@link #read} on any node with the same shipped models. */
    public byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeDouble(intent.weight());
            if (added == null) {
                out.writeByte(0);
                intent.classifier().writeTagged(out);
            } else {
                out.writeByte(1);
                ((Averaged) intent.classifier()).members().get(0).writeTagged(out);
                out.writeInt(added.x().length);
                for (int i = 0; i < added.x().length; i++) {
                    out.writeInt(added.classOf()[i]);
                    for (float f : added.x()[i]) {
                        out.writeFloat(f);
                    }
                }
            }
            needs.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Heads from {@link #bytes}; {@code shipped} (the English NLU's own heads, or null when it has none) gives the
     * prototypes a version's added rows join. Heads of format 1 (before the fourth grid) read as they always did.
     */
    static NluHeads read(byte[] bytes, NluHeads shipped) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != 1 && format != FORMAT) {
                throw new IOException("unknown NLU heads format " + format);
            }
            double weight = in.readDouble();
            int kind = format == 1 ? 0 : in.readUnsignedByte();
            if (kind == 0) {
                Classifier intentNet = Classifier.read(in);
                return new NluHeads(new IntentClassifier.EmbeddedModel(intentNet, weight), EmbeddingNeeds.read(in));
            }
            if (kind != 1) {
                throw new IOException("unknown intent member in the NLU heads: " + kind);
            }
            Prototypes base = shipped == null ? null : shipped.prototypes();
            if (base == null) {
                throw new IOException("these heads add to the shipped intent prototypes, which the shipped models lack");
            }
            Classifier net = Classifier.read(in);
            int n = in.readInt();
            int d = SentenceEmbeddings.DIMENSIONS;
            // each row is its label and d floats: more rows than the bytes hold is a damaged version
            if (n < 0 || (long) n * (d + 1) * Integer.BYTES > bytes.length) {
                throw new IOException("implausible number of added intent rows " + n);
            }
            float[][] x = new float[n][d];
            int[] classOf = new int[n];
            for (int i = 0; i < n; i++) {
                classOf[i] = in.readInt();
                for (int j = 0; j < d; j++) {
                    x[i][j] = in.readFloat();
                }
            }
            Rows rows = new Rows(x, classOf);
            try {
                Classifier member = new Averaged(List.of(net, base.with(x, classOf)));
                return new NluHeads(new IntentClassifier.EmbeddedModel(member, weight), EmbeddingNeeds.read(in), rows);
            } catch (IllegalArgumentException e) {
                throw new IOException("the NLU heads do not fit the shipped intent member: " + e.getMessage(), e);
            }
        }
    }

    /** The intent member's prototypes, when it is a net and prototypes averaged; else null. */
    private Prototypes prototypes() {
        return intent.classifier() instanceof Averaged a && a.members().size() == 2
                && a.members().get(0) instanceof Mlp && a.members().get(1) instanceof Prototypes p ? p : null;
    }

    /** {@code from}'s heads trained on over {@code data}'s lines and the lessons, as the class comment says. */
    static NluHeads retrain(NluHeads from, TrainingData data, List<Lesson> lessons, Settings settings) {
        Classifier intentMember = from.intent.classifier();
        Prototypes prototypes = from.prototypes();
        Mlp intentNet = intentMember instanceof Mlp m ? m
                : prototypes != null ? (Mlp) ((Averaged) intentMember).members().get(0) : null;
        if (intentNet == null || !(from.needs.model() instanceof Mlp needsNet)) {
            throw new IllegalStateException("only heads with a hidden layer can be retrained");
        }
        if (from.added != null) {
            // the version's rows are written against the shipped examples: a retrain starts from those alone
            throw new IllegalStateException("a retrain starts from the shipped heads, not from a version's");
        }
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        List<IntentClassifier.Example> intentExamples = data.intentExamples();
        List<EmbeddingNeeds.Example> needExamples = EmbeddingNeeds.examples(data);
        List<String> texts = new ArrayList<>(new LinkedHashSet<>(Stream.concat(
                intentExamples.stream().map(IntentClassifier.Example::text),
                needExamples.stream().map(EmbeddingNeeds.Example::text)).toList()));
        List<float[]> vectors = embeddings.embedAllOnce("nlu:" + data.hash(), texts);
        Map<String, float[]> vectorOf = new HashMap<>(texts.size() * 2);
        for (int i = 0; i < texts.size(); i++) {
            vectorOf.put(texts.get(i), vectors.get(i));
        }
        List<Lesson> usable = lessons.stream().filter(l -> l.text() != null && !l.text().isBlank()).toList();
        List<float[]> lessonVectors = usable.isEmpty() ? List.of()
                : embeddings.embedAll(usable.stream().map(l -> l.text().strip()).toList());

        List<String> intentLabels = intentNet.labels();
        List<float[]> x = new ArrayList<>();
        List<boolean[]> y = new ArrayList<>();
        for (IntentClassifier.Example e : intentExamples) {
            int k = intentLabels.indexOf(e.label());
            if (k >= 0) {
                x.add(vectorOf.get(e.text()));
                y.add(oneHot(intentLabels.size(), k));
            }
        }
        int shared = x.size();
        List<Integer> lessonClass = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            Lesson l = usable.get(i);
            String label = l.intent() != null ? l.intent()
                    : l.needs() != null && !l.needs().isEmpty() ? Intents.INFORM : null;
            int k = label == null ? -1 : intentLabels.indexOf(label);
            for (int r = 0; k >= 0 && r < settings.repeat(); r++) {
                x.add(lessonVectors.get(i));
                y.add(oneHot(intentLabels.size(), k));
                lessonClass.add(k);
            }
        }
        Mlp intentRetrained = intentNet.trainedOn(x.toArray(float[][]::new), y.toArray(boolean[][]::new),
                settings.passes(), IntentClassifier.EMBEDDING.l2(), settings.learningRate(), SEED);
        Classifier intentHead = intentRetrained;
        Rows added = null;
        if (prototypes != null) {
            // the prototypes keep the shipped examples and the same correction rows the net was trained on
            added = new Rows(x.subList(shared, x.size()).toArray(float[][]::new),
                    lessonClass.stream().mapToInt(Integer::intValue).toArray());
            intentHead = new Averaged(List.of(intentRetrained, prototypes.with(added.x(), added.classOf())));
        }

        List<String> needLabels = needsNet.labels();
        x.clear();
        y.clear();
        for (EmbeddingNeeds.Example e : needExamples) {
            x.add(vectorOf.get(e.text()));
            y.add(needsOf(needLabels, e.needs()));
        }
        for (int i = 0; i < usable.size(); i++) {
            Lesson l = usable.get(i);
            for (int r = 0; l.needs() != null && r < settings.repeat(); r++) {
                x.add(lessonVectors.get(i));
                y.add(needsOf(needLabels, l.needs()));
            }
        }
        Mlp needsRetrained = needsNet.trainedOn(x.toArray(float[][]::new), y.toArray(boolean[][]::new),
                settings.passes(), EmbeddingNeeds.DEFAULT.mlp().l2(), settings.learningRate(), SEED);
        return new NluHeads(new IntentClassifier.EmbeddedModel(intentHead, from.intent.weight()),
                new EmbeddingNeeds(needsRetrained, from.needs.thresholds()), added);
    }

    private static boolean[] oneHot(int size, int k) {
        boolean[] t = new boolean[size];
        t[k] = true;
        return t;
    }

    private static boolean[] needsOf(List<String> labels, Set<Need> needs) {
        boolean[] t = new boolean[labels.size()];
        for (Need n : needs) {
            int k = labels.indexOf(n.code());
            if (k >= 0) {
                t[k] = true;
            }
        }
        return t;
    }
}
