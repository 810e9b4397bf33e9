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
import org.waymark.embedding.SentenceEmbeddings;

/**
 * The English risk check's learned part in one model version (issue 20): the shipped net on sentence embeddings,
 * never moved, and a practice's risk corrections kept as examples. A message whose sentence embedding is within
 * {@link #REACH} (cosine) of a correction takes that correction's answer: "this was risk" raises it to the
 * correction's category and level (never lowers it), "not risk" clears what the nets alone raised (a pattern's
 * match stays: patterns change only by a reviewed release). A correction so reaches only messages worded like it;
 * every other message gets the shipped answer exactly, so a correction about one message cannot cost a catch
 * elsewhere, which a net trained on again did (retraining the shipped net, even for one pass at a small learning
 * rate, moved kept-apart lines near its thresholds and lost medical lines). Immutable and thread-safe.
 */
public final class RiskHeads {

    /**
     * A link worker's risk correction: "this was risk" ({@code category} and {@code level}) or "not risk".
     */
    public record Lesson(String text, String category, String level, boolean notRisk) {
    }

    /**
     * The least cosine similarity at which a correction speaks for a message. Chosen on the English risk training
     * lines alone, never the kept-apart set (CorrectionReachMeasurement): of the training lines whose nearest other
     * line is 0.85 to 0.90 away, 99.6% have that line's answer (not risk, or the same category); at 0.80 to 0.85,
     * 96.3%; at 0.75 to 0.80, 94.2%.
     */
    static final double REACH = 0.85;

    /** A correction as the check keeps it: its sentence embedding and its answer ({@link Risk#NONE}: not risk). */
    record Correction(float[] vector, Risk answer) {
    }

    private static final int FORMAT = 2;
    static final String CUE = "link worker's correction";

    final Classifier net;
    private final List<Correction> corrections;

    RiskHeads(Classifier net) {
        this(net, List.of());
    }

    private RiskHeads(Classifier net, List<Correction> corrections) {
        this.net = net;
        this.corrections = List.copyOf(corrections);
    }

    /** How many corrections it holds. */
    public int corrections() {
        return corrections.size();
    }

    /**
     * {@code risk}, the check's answer without corrections, as the nearest correction within reach says; {@code
     * patterned} when the patterns matched, which a "not risk" correction leaves standing.
     */
    Risk corrected(Risk risk, boolean patterned, float[] vector) {
        return corrected(risk, patterned, vector, REACH);
    }

    /** As {@link #corrected(Risk, boolean, float[])}, with corrections reaching as far as {@code reach}. */
    Risk corrected(Risk risk, boolean patterned, float[] vector, double reach) {
        Correction nearest = null;
        double best = reach;
        for (Correction c : corrections) {
            double similarity = cosine(c.vector(), vector);
            if (similarity >= best) {
                best = similarity;
                nearest = c;
            }
        }
        if (nearest == null) {
            return risk;
        }
        if (nearest.answer() == Risk.NONE) {
            return patterned || risk.history() ? risk : Risk.NONE;
        }
        return Risk.moreSerious(risk, nearest.answer());
    }

    boolean hasCorrections() {
        return !corrections.isEmpty();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    public byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            net.writeTagged(out);
            out.writeInt(corrections.size());
            for (Correction c : corrections) {
                out.writeInt(c.vector().length);
                for (float f : c.vector()) {
                    out.writeFloat(f);
                }
                out.writeUTF(c.answer().band());
                out.writeUTF(c.answer().category() == null ? "" : c.answer().category().code());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #bytes}; a version kept by an earlier release (format 1, a retrained net) has no corrections. */
    public static RiskHeads read(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readInt();
            if (format != 1 && format != FORMAT) {
                throw new IOException("unknown risk heads format");
            }
            Classifier net = Classifier.read(in);
            new RiskNet.OnEmbeddings(net); // refuses a net without "none"
            List<Correction> corrections = new ArrayList<>();
            for (int n = format == 1 ? 0 : in.readInt(), i = 0; i < n; i++) {
                float[] vector = new float[in.readInt()];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = in.readFloat();
                }
                Risk answer = answer(in.readUTF(), in.readUTF());
                if (answer == null) {
                    throw new IOException("a risk correction with an unknown answer");
                }
                corrections.add(new Correction(vector, answer));
            }
            return new RiskHeads(net, corrections);
        }
    }

    /** The answer a band and category code stand for, or null when they name none. */
    private static Risk answer(String band, String category) {
        if (band.equals("none")) {
            return Risk.NONE;
        }
        RiskCategory c = category(category);
        if (c == null) {
            return null;
        }
        return switch (band) {
            case "check" -> Risk.check(c, CUE);
            case "urgent" -> new Risk(RiskLevel.URGENT, c, CUE);
            case "emergency" -> new Risk(RiskLevel.EMERGENCY, c, CUE);
            default -> null;
        };
    }

    private static RiskCategory category(String code) {
        for (RiskCategory c : RiskCategory.values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return null;
    }

    /** The answer a lesson teaches (urgent when it names a category without a level), or null when it names none. */
    static Risk answer(Lesson l) {
        if (l.notRisk()) {
            return Risk.NONE;
        }
        if (l.category() == null) {
            return null;
        }
        String category = l.category().toLowerCase(Locale.ROOT);
        Risk answer = l.level() == null ? null : answer(l.level().toLowerCase(Locale.ROOT), category);
        return answer != null ? answer : answer("urgent", category);
    }

    /** {@code from}'s net with these lessons as its corrections, in place of any it had. */
    static RiskHeads withLessons(RiskHeads from, List<Lesson> lessons) {
        List<Lesson> usable = lessons.stream().filter(l -> l.text() != null && !l.text().isBlank()
                && answer(l) != null).toList();
        List<float[]> vectors = usable.isEmpty() ? List.of()
                : SentenceEmbeddings.shared().embedAll(usable.stream().map(l -> l.text().strip()).toList());
        List<Correction> corrections = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            corrections.add(new Correction(vectors.get(i), answer(usable.get(i))));
        }
        return new RiskHeads(from.net, corrections);
    }
}
