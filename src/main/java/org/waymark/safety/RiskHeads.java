package org.waymark.safety;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.waymark.embedding.Classifier;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * The English risk check's net on sentence embeddings in one model version (issue 20). The patterns, the words net
 * and the two thresholds (chosen by the full training from out-of-fold predictions) are as shipped. A retrain
 * ({@link RiskByLanguage#retrain}) trains the shipped net on, from its own weights, over the shared risk lines and
 * the NLU's ordinary sentences plus a practice's risk corrections, each repeated. Immutable and thread-safe.
 */
public final class RiskHeads {

    /**
     * A link worker's risk correction: "this was risk" ({@code category} and {@code level}) or "not risk".
     */
    public record Lesson(String text, String category, String level, boolean notRisk) {
    }

    /** Passes over the lines, how many times each correction is repeated in a pass, Adam's learning rate. */
    public record Settings(int passes, int repeat, double learningRate) {
        public Settings {
            if (passes < 1 || repeat < 1 || learningRate <= 0) {
                throw new IllegalArgumentException("passes and repeat must be >= 1, the learning rate > 0");
            }
        }
    }

    private static final int FORMAT = 1;
    private static final long SEED = 20L;

    final Classifier net;

    RiskHeads(Classifier net) {
        this.net = net;
    }

    public byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            net.writeTagged(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static RiskHeads read(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("unknown risk heads format");
            }
            Classifier net = Classifier.read(in);
            new RiskNet.OnEmbeddings(net); // refuses a net without "none"
            return new RiskHeads(net);
        }
    }

    /** The label a lesson teaches among {@code labels}, or null when it names none of them. */
    static String label(Lesson l, List<String> labels) {
        if (l.notRisk()) {
            return RiskNet.NONE;
        }
        if (l.category() == null) {
            return null;
        }
        String category = l.category().toLowerCase(Locale.ROOT);
        String level = l.level() == null ? RiskNet.URGENT : l.level().toLowerCase(Locale.ROOT);
        String exact = category + ":" + level;
        if (labels.contains(exact)) {
            return exact;
        }
        String urgent = category + ":" + RiskNet.URGENT;
        return labels.contains(urgent) ? urgent : null;
    }

    /** {@code from}'s net trained on over {@code lines} and the lessons, as the class comment says. */
    static RiskHeads retrain(RiskHeads from, List<String> lines, String linesKey, TextNormaliser normaliser,
                             RiskPatterns patterns, List<Lesson> lessons, Settings settings) {
        if (!(from.net instanceof Mlp net)) {
            throw new IllegalStateException("only a risk net with a hidden layer can be retrained");
        }
        SentenceEmbeddings embeddings = SentenceEmbeddings.shared();
        List<RiskNet.Example> examples = RiskNet.usable(RiskNet.examples(lines), normaliser, patterns);
        List<float[]> vectors = embeddings.embedAllOnce("risk:" + linesKey,
                examples.stream().map(RiskNet.Example::text).toList());
        List<Lesson> usable = lessons.stream().filter(l -> l.text() != null && !l.text().isBlank()
                && label(l, net.labels()) != null).toList();
        List<float[]> lessonVectors = usable.isEmpty() ? List.of()
                : embeddings.embedAll(usable.stream().map(l -> l.text().strip()).toList());
        List<String> labels = net.labels();
        List<float[]> x = new ArrayList<>();
        List<boolean[]> y = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            int k = labels.indexOf(examples.get(i).label());
            if (k >= 0) {
                x.add(vectors.get(i));
                y.add(oneHot(labels.size(), k));
            }
        }
        for (int i = 0; i < usable.size(); i++) {
            int k = labels.indexOf(label(usable.get(i), labels));
            for (int r = 0; r < settings.repeat(); r++) {
                x.add(lessonVectors.get(i));
                y.add(oneHot(labels.size(), k));
            }
        }
        return new RiskHeads(net.trainedOn(x.toArray(float[][]::new), y.toArray(boolean[][]::new), settings.passes(),
                RiskNet.DEFAULT.mlp().l2(), settings.learningRate(), SEED));
    }

    private static boolean[] oneHot(int size, int k) {
        boolean[] t = new boolean[size];
        t[k] = true;
        return t;
    }
}
