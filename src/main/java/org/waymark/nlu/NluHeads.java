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

import org.waymark.embedding.Classifier;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.taxonomy.Need;

/**
 * The English NLU's heads on sentence embeddings in one model version (issue 20): the intent net that is averaged
 * in with the maxent, and the needs sigmoids with their thresholds. Everything else of the NLU (the OpenNLP maxent
 * models, the keyword rules, the entities) is as shipped. A retrain ({@link NluByLanguage#retrain}) trains the
 * shipped heads on, from their own weights, over the shared training lines plus a practice's corrections, each
 * correction repeated ({@link Settings#repeat()}) so a handful among thousands of lines carries weight; the needs
 * keep the thresholds the full training chose from out-of-fold predictions. Immutable and thread-safe.
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

    private static final int FORMAT = 1;
    private static final long SEED = 20L;

    final IntentClassifier.EmbeddedModel intent;
    final EmbeddingNeeds needs;

    NluHeads(IntentClassifier.EmbeddedModel intent, EmbeddingNeeds needs) {
        this.intent = intent;
        this.needs = needs;
    }

    /** The heads as bytes, for {@link #read} on any node. */
    public byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeDouble(intent.weight());
            intent.classifier().writeTagged(out);
            needs.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static NluHeads read(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("unknown NLU heads format");
            }
            double weight = in.readDouble();
            Classifier intentNet = Classifier.read(in);
            return new NluHeads(new IntentClassifier.EmbeddedModel(intentNet, weight), EmbeddingNeeds.read(in));
        }
    }

    /** {@code from}'s heads trained on over {@code data}'s lines and the lessons, as the class comment says. */
    static NluHeads retrain(NluHeads from, TrainingData data, List<Lesson> lessons, Settings settings) {
        if (!(from.intent.classifier() instanceof Mlp intentNet) || !(from.needs.model() instanceof Mlp needsNet)) {
            throw new IllegalStateException("only heads with a hidden layer can be retrained");
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
        for (int i = 0; i < usable.size(); i++) {
            Lesson l = usable.get(i);
            String label = l.intent() != null ? l.intent()
                    : l.needs() != null && !l.needs().isEmpty() ? Intents.INFORM : null;
            int k = label == null ? -1 : intentLabels.indexOf(label);
            for (int r = 0; k >= 0 && r < settings.repeat(); r++) {
                x.add(lessonVectors.get(i));
                y.add(oneHot(intentLabels.size(), k));
            }
        }
        Mlp intentRetrained = intentNet.trainedOn(x.toArray(float[][]::new), y.toArray(boolean[][]::new),
                settings.passes(), IntentClassifier.EMBEDDING.l2(), settings.learningRate(), SEED);

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
        return new NluHeads(new IntentClassifier.EmbeddedModel(intentRetrained, from.intent.weight()),
                new EmbeddingNeeds(needsRetrained, from.needs.thresholds()));
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
