package org.waymark.safety;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.waymark.embedding.Averaged;
import org.waymark.embedding.Classifier;
import org.waymark.embedding.Folds;
import org.waymark.embedding.LinearModel;
import org.waymark.embedding.Mlp;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * The learned nets after the patterns, as {@code nlu compare} chose them by cross-validation (docs/nlu.md): the
 * OpenNLP net on words and word pairs as it was before ({@link RiskModel}: urgent when a category reaches
 * {@link #WORDS_THRESHOLD}), and a net on the message's sentence embedding: a softmax over {@code none} and every
 * {@code category:level} of the training lines, through one hidden layer ({@link OnEmbeddings}). The more serious
 * of their answers counts, so the new net only adds to what the old one caught.
 *
 * <p>The embedding net's chance of any risk is one minus that of {@code none}; the category and the level are those
 * with the most probability. Two thresholds on that chance make three bands: below {@link #checkAt()} nothing; from
 * there a check question; from {@link #crisisAt()} (unless the level says a question is enough) a crisis. They are
 * chosen when the net is trained, from out-of-fold predictions ({@link Settings#folds()}-fold cross-validation on
 * the training lines alone): the lowest thresholds (so recall is highest) at which the net raises at most the
 * budgeted shares of the training negatives the patterns leave to it ({@link #DEFAULT}).
 */
final class RiskNet {

    static final String NONE = "none";
    static final String CHECK = "check";
    static final String URGENT = "urgent";
    static final String EMERGENCY = "emergency";
    /** Bumped when the features, labels or training change, so older stored nets count as stale. */
    static final String PIPELINE_VERSION = "waymark-risk-net-9";
    static final RiskTraining.Stored STORED = new RiskTraining.Stored(RiskTraining.NET_FILE,
            RiskTraining.NET_HASH_FILE, PIPELINE_VERSION);
    private static final int FORMAT = 1;
    static final long SEED = 15L;
    /** How far apart the seeds of an average's members start. */
    static final long MEMBER_SEED_STEP = 7919L;

    /**
     * How it is trained: the embedding softmax's settings (linear, or with a hidden layer when {@code mlp} is set),
     * the folds for choosing thresholds, the share of the hard negatives the net may raise to a crisis and to a
     * check question, the share of ordinary sentences it may question, and how many hidden-layer nets of other
     * seeds it averages (one ships: five did worse on a kept-apart set, docs/nlu.md).
     */
    record Settings(LinearModel.Settings linear, Mlp.Settings mlp, int folds, double crisisBudget,
                    double checkBudget, double ordinaryBudget, int members) {
        Settings {
            if (members < 1 || members > 16) {
                throw new IllegalArgumentException("a risk net averages 1 to 16 members, not " + members);
            }
        }

        /** The same, with a hidden layer ({@code mlp} not null) or linear. */
        Settings with(LinearModel.Settings linear, Mlp.Settings mlp) {
            return new Settings(linear, mlp, folds, crisisBudget, checkBudget, ordinaryBudget, members);
        }

        /** The same, averaging {@code members} nets. */
        Settings withMembers(int members) {
            return new Settings(linear, mlp, folds, crisisBudget, checkBudget, ordinaryBudget, members);
        }
    }

    /**
     * 256 hidden units, 20 passes (cross-validation preferred them to a linear softmax and to other sizes); a crisis
     * above all but 0.1% of the training hard negatives (with none allowed, the few negatives the out-of-fold net put
     * at 1.0 set the threshold at 1.000, so the net alone never raised a crisis); check questions for at most 8% of
     * the hard negatives (the target is 10%) and 5% of the NLU's ordinary sentences (greetings and needs, many of
     * them low mood; docs/nlu.md).
     */
    static final Settings DEFAULT = new Settings(new LinearModel.Settings(1e-5, 500, false),
            new Mlp.Settings(256, 20, 1e-4), 5, 0.001, 0.08, 0.05, 1);

    /**
     * A training line: {@code none} or {@code category:level}, and the text as written. {@code ordinary} marks an
     * NLU sentence ({@link RiskTraining#ORDINARY}): it teaches none but does not count in the budgets.
     */
    record Example(String label, String text, boolean ordinary) {
        Example(String label, String text) {
            this(label, text, false);
        }

        boolean risky() {
            return !label.equals(NONE);
        }

        /** As {@link RiskModel#train} reads it. */
        String line() {
            return label + " " + text;
        }
    }

    /**
     * What a net makes of one message: the chance of any risk, the likeliest category and its own chance, and the
     * likeliest level.
     */
    record Judgement(double risk, RiskCategory category, double top, String level) {
    }

    /**
     * The share of a crisis's probability on emergency labels from which the embedding net reads it as an emergency
     * (0.5 is the likelier of the two levels); chosen on out-of-fold judgements of the training lines,
     * {@code RiskEmergencyShareMeasurement}: the lowest share at which at most 10% of the urgent lines raised to a
     * crisis read as emergencies (0.094 at 0.45; emergency lines 0.923 against 0.910 at 0.5).
     */
    static final double EMERGENCY_SHARE = 0.45;

    /**
     * The embedding net's chance of risk from which its reading of an emergency makes the words net's crisis of the
     * same category an emergency ({@link #agreed}); NaN: never. Chosen on out-of-fold judgements of the training
     * lines, {@code RiskEmergencyAgreementMeasurement}: the lowest floor at which at most 10% of the urgent lines
     * raised to a crisis read as emergencies (0.094 at 0.40; emergency lines 0.884 against 0.637 without).
     */
    static final double EMERGENCY_AGREEMENT = 0.4;

    /** How sure the words net must be of a category to raise it to urgent (its setting before issue 15). */
    static final double WORDS_THRESHOLD = 0.6;

    private final RiskModel words;
    private final OnEmbeddings embedded;
    private final double checkAt;
    private final double crisisAt;

    RiskNet(RiskModel words, OnEmbeddings embedded, double checkAt, double crisisAt) {
        this.words = words;
        this.embedded = embedded;
        this.checkAt = checkAt;
        this.crisisAt = crisisAt;
    }

    double checkAt() {
        return checkAt;
    }

    /** The net on sentence embeddings. */
    Classifier embeddingNet() {
        return embedded.model();
    }

    /** The same words net and thresholds with another net on sentence embeddings (a retrained one, issue 20). */
    RiskNet withEmbeddingNet(Classifier net) {
        return new RiskNet(words, new OnEmbeddings(net), checkAt, crisisAt);
    }

    /** The words net's crisis category for these masked words, or null; for measurements of which net raised what. */
    RiskCategory wordsRaise(String masked) {
        return words.raise(masked);
    }

    double crisisAt() {
        return crisisAt;
    }

    /**
     * The lines as examples: a {@code category:level} label is kept, a bare category (the older {@code .txt} lines)
     * counts as {@code category:urgent}, which is what the older net raised.
     */
    static List<Example> examples(List<String> lines) {
        List<Example> out = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("risk training line has no text: " + trimmed);
            }
            String label = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
            String text = trimmed.substring(space + 1).strip();
            if (label.equals(RiskTraining.CALIBRATION)) {
                continue; // never trained on: see calibration(lines)
            }
            if (label.equals(RiskTraining.ORDINARY)) {
                out.add(new Example(NONE, text, true));
                continue;
            }
            if (!label.equals(NONE)) {
                String[] parts = label.split(":", -1);
                if (category(parts[0]) == null || parts.length > 2
                        || parts.length == 2 && !List.of(CHECK, URGENT, EMERGENCY).contains(parts[1])) {
                    throw new IllegalArgumentException("unknown risk training label: " + label);
                }
                label = parts.length == 1 ? parts[0] + ":" + URGENT : label;
            }
            out.add(new Example(label, text));
        }
        return out;
    }

    /**
     * Trains on {@code label<space>text} lines: embeds each text, asks the patterns which they decide, chooses the
     * thresholds from out-of-fold predictions, then fits the net on every line.
     */
    static RiskNet train(List<String> lines, TextNormaliser normaliser, RiskPatterns patterns,
                         SentenceEmbeddings embeddings, Settings settings) {
        Prepared in = Prepared.of(lines, normaliser, patterns, embeddings);
        List<Example> examples = in.examples();
        List<float[]> vectors = in.vectors();
        double[] t = outOfFoldThresholds(examples, vectors, in.decided(), settings, SEED);
        RiskModel words = RiskModel.train(examples.stream().map(Example::line).toList(), normaliser, WORDS_THRESHOLD);
        OnEmbeddings full = OnEmbeddings.fit(examples, vectors, settings, null, -1);
        double checkAt = Math.min(Math.max(t[0], calibratedCheck(full, calibration(lines), normaliser, patterns,
                embeddings, settings)), t[1]);
        return new RiskNet(words, full, checkAt, t[1]);
    }

    /**
     * The usable examples of {@code lines}, their sentence embeddings, and which of them the patterns decide (match
     * a risk in or read a denial in): what training and the measurements of its choices start from.
     */
    record Prepared(List<Example> examples, List<float[]> vectors, boolean[] decided) {
        static Prepared of(List<String> lines, TextNormaliser normaliser, RiskPatterns patterns,
                           SentenceEmbeddings embeddings) {
            List<Example> examples = usable(RiskNet.examples(lines), normaliser, patterns);
            List<float[]> vectors = embeddings.embedAll(examples.stream().map(Example::text).toList());
            boolean[] decided = new boolean[examples.size()];
            for (int i = 0; i < decided.length; i++) {
                decided[i] = !leftToNets(examples.get(i).text(), normaliser, patterns);
            }
            return new Prepared(examples, vectors, decided);
        }
    }

    /**
     * {check, crisis} thresholds from the judgements of nets fitted with each fold held out in turn; {@code seed}
     * draws the folds and starts the nets ({@link #SEED} for the shipped net; another seed says how much the
     * thresholds move from one training to the next, {@code RiskThresholdStabilityMeasurement}).
     */
    static double[] outOfFoldThresholds(List<Example> examples, List<float[]> vectors, boolean[] decided,
                                        Settings settings, long seed) {
        Judgement[] oof = new Judgement[examples.size()];
        int[] fold = Folds.stratified(examples.stream().map(Example::label).toList(), settings.folds(), seed);
        for (int f = 0; f < settings.folds(); f++) {
            OnEmbeddings net = OnEmbeddings.fit(examples, vectors, settings, fold, f, seed);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    oof[i] = net.judge(vectors.get(i));
                }
            }
        }
        return thresholds(examples, oof, decided, null, settings);
    }

    /**
     * The lowest check threshold at which the trained net questions at most the check budget's share of the
     * calibration negatives the patterns leave to it: lines never trained on, so unlike the out-of-fold
     * predictions they are not near copies of lines the net learnt (a round's negatives are written in one voice,
     * and its other lines sit in the other folds). 0 without any.
     */
    static double calibratedCheck(OnEmbeddings net, List<String> calibration, TextNormaliser normaliser,
                                  RiskPatterns patterns, SentenceEmbeddings embeddings, Settings settings) {
        List<String> left = calibration.stream().filter(text -> leftToNets(text, normaliser, patterns)).toList();
        if (left.isEmpty()) {
            return 0.0;
        }
        List<float[]> vectors = embeddings.embedAll(left);
        List<Double> scores = vectors.stream().map(v -> net.judge(v).risk()).toList();
        return lowestWithin(scores, (int) Math.floor((settings.crisisBudget() + settings.checkBudget())
                * calibration.size()), 0.0);
    }

    /** Whether the patterns leave {@code text} to the nets: they neither match a risk in it nor read a denial. */
    static boolean leftToNets(String text, TextNormaliser normaliser, RiskPatterns patterns) {
        RiskPatterns.Result r = patterns.assess(normaliser.normalise(text));
        return r.match() == null && !r.denied();
    }

    /** The calibration lines' texts among {@code lines} ({@link RiskTraining#CALIBRATION}). */
    static List<String> calibration(List<String> lines) {
        String prefix = RiskTraining.CALIBRATION + " ";
        return lines.stream().map(String::strip).filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip()).toList();
    }

    /**
     * The examples to learn from: all but the ordinary sentences the patterns would raise or read a denial in (the
     * NLU's data is not written to be risk-free; where the patterns see a risk it does not teach "none").
     */
    static List<Example> usable(List<Example> examples, TextNormaliser normaliser, RiskPatterns patterns) {
        return examples.stream().filter(e -> !e.ordinary() || leftToNets(e.text(), normaliser, patterns)).toList();
    }

    /** {check, crisis} thresholds from out-of-fold judgements, as below. */
    static double[] thresholds(List<Example> examples, Judgement[] oof, boolean[] decided, boolean[] include,
                               Settings settings) {
        double[] risk = new double[oof.length];
        boolean[] checkLevel = new boolean[oof.length];
        for (int i = 0; i < oof.length; i++) {
            risk[i] = oof[i].risk();
            checkLevel[i] = CHECK.equals(oof[i].level());
        }
        return thresholds(examples, risk, checkLevel, decided, include, settings);
    }

    /**
     * {check, crisis} thresholds: the lowest at which the net alone (where the patterns are silent) raises at most
     * the budgeted share of the hard negatives, and questions at most the budgeted share of the ordinary sentences.
     * Only the examples for which {@code include} is true count (all when it is null).
     */
    static double[] thresholds(List<Example> examples, double[] risk, boolean[] checkLevel, boolean[] patternsAlarm,
                               boolean[] include, Settings settings) {
        List<Double> crisisScores = new ArrayList<>();
        List<Double> anyScores = new ArrayList<>();
        List<Double> ordinaryScores = new ArrayList<>();
        int hard = 0;
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            if (e.risky() || include != null && !include[i]) {
                continue;
            }
            if (e.ordinary()) {
                ordinaryScores.add(risk[i]);
                continue;
            }
            hard++;
            if (!patternsAlarm[i]) {
                anyScores.add(risk[i]);
                if (!checkLevel[i]) {
                    crisisScores.add(risk[i]);
                }
            }
        }
        double crisisAt = lowestWithin(crisisScores, (int) Math.floor(settings.crisisBudget() * hard), 1.0);
        double checkAt = Math.max(lowestWithin(anyScores, (int) Math.floor((settings.crisisBudget()
                + settings.checkBudget()) * hard), 0.5), lowestWithin(ordinaryScores,
                (int) Math.floor(settings.ordinaryBudget() * ordinaryScores.size()), 0.0));
        return new double[] {Math.min(checkAt, crisisAt), crisisAt};
    }

    /**
     * The lowest threshold t such that at most {@code allowed} of the scores are at or above t; {@code ifNoScores}
     * when there are none to judge by.
     */
    static double lowestWithin(List<Double> scores, int allowed, double ifNoScores) {
        double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return ifNoScores;
        }
        if (allowed >= sorted.length) {
            return 0.0;
        }
        // the (allowed+1)-th highest score must fall below t: just above it
        double above = sorted[sorted.length - 1 - allowed];
        return Math.min(1.0, Math.nextUp(above));
    }

    Judgement judge(float[] vector) {
        return embedded.judge(vector);
    }

    /** As {@link #judge(float[])}, reading an emergency from {@code emergencyShare} (see {@link OnEmbeddings}). */
    Judgement judge(float[] vector, double emergencyShare) {
        return embedded.judge(vector, emergencyShare);
    }

    /**
     * What the nets raise for a message the patterns left to them ({@code masked}: the patterns' normalised words,
     * idioms masked; {@code vector}: its embedding): the more serious of the words net's urgent and the embedding
     * net's band, or null.
     */
    Risk raise(String masked, float[] vector) {
        return raise(masked, vector, checkAt);
    }

    /** As {@link #raise(String, float[])}, asking the check question from {@code checkAt} instead of the net's own. */
    Risk raise(String masked, float[] vector, double checkAt) {
        return agreed(words.raise(masked), judge(vector), checkAt, crisisAt, EMERGENCY_AGREEMENT);
    }

    /**
     * The more serious of the words net's crisis (its {@code category}, or null) and the embedding net's band; the
     * words net's crisis is an emergency where the embedding net reads an emergency of the same category with a
     * chance of risk of at least {@code floor} (never when it is NaN).
     */
    static Risk agreed(RiskCategory category, Judgement embedded, double checkAt, double crisisAt, double floor) {
        boolean emergency = category != null && embedded.risk() >= floor && EMERGENCY.equals(embedded.level())
                && embedded.category() == category;
        return Risk.moreSerious(category == null ? null
                        : new Risk(emergency ? RiskLevel.EMERGENCY : RiskLevel.URGENT, category, WORDS_CUE),
                band(embedded, checkAt, crisisAt, EMBEDDING_CUE));
    }

    /** The cues of a risk the words net and the embedding net raised. */
    static final String WORDS_CUE = "model";
    static final String EMBEDDING_CUE = "net";

    /**
     * A judgement put in its band: a crisis from {@code crisisAt} unless its level is a check, a check question
     * from {@code checkAt}, else null.
     */
    static Risk band(Judgement j, double checkAt, double crisisAt, String cue) {
        if (j.risk() >= crisisAt && !CHECK.equals(j.level())) {
            return new Risk(EMERGENCY.equals(j.level()) ? RiskLevel.EMERGENCY : RiskLevel.URGENT, j.category(), cue);
        }
        return j.risk() >= checkAt ? Risk.check(j.category(), cue) : null;
    }

    /**
     * The stored net if it was built from exactly these lines by this pipeline, else one trained now (embedding
     * every line and fitting seven models: minutes) and saved beside the lines when their folder is writable.
     */
    static RiskNet loadOrTrain(RiskTraining training, TextNormaliser normaliser, RiskPatterns patterns,
                               SentenceEmbeddings embeddings) {
        var stored = training.stored(STORED);
        if (stored.isPresent()) {
            try {
                return read(stored.get());
            } catch (IOException | RuntimeException e) {
                // unreadable: retrain below, and overwrite it
            }
        }
        RiskNet net = train(training.lines(), normaliser, patterns, embeddings, DEFAULT);
        if (training.dir().isPresent()) {
            try {
                training.store(STORED, net.bytes());
            } catch (IOException e) {
                // a read-only folder: retrained at every start until the lines and net are committed
            }
        }
        return net;
    }

    byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeDouble(checkAt);
            out.writeDouble(crisisAt);
            embedded.model().writeTagged(out);
            byte[] w = words.bytes();
            out.writeInt(w.length);
            out.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static RiskNet read(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("unknown risk net format");
            }
            double checkAt = in.readDouble();
            double crisisAt = in.readDouble();
            OnEmbeddings embedded = new OnEmbeddings(Classifier.read(in));
            int length = in.readInt();
            if (length < 0 || length > bytes.length) {
                throw new IOException("risk net truncated");
            }
            return new RiskNet(RiskModel.read(in.readNBytes(length), WORDS_THRESHOLD), embedded, checkAt, crisisAt);
        }
    }

    /** The softmax on sentence embeddings: its labels read as categories and levels. */
    record OnEmbeddings(Classifier model, int none, RiskCategory[] categoryOf, String[] levelOf) {

        OnEmbeddings(Classifier model) {
            this(model, model.labels().indexOf(NONE), categories(model), levels(model));
            if (none < 0) {
                throw new IllegalArgumentException("the risk model has no 'none' label: " + model.labels());
            }
        }

        private static RiskCategory[] categories(Classifier model) {
            return model.labels().stream().map(l -> l.equals(NONE) ? null : category(l.split(":")[0]))
                    .toArray(RiskCategory[]::new);
        }

        private static String[] levels(Classifier model) {
            return model.labels().stream().map(l -> l.equals(NONE) ? null : l.split(":")[1]).toArray(String[]::new);
        }

        /** Fits the classifier on every example, or on all but fold {@code heldOut}. */
        static OnEmbeddings fit(List<Example> examples, List<float[]> vectors, Settings settings, int[] fold,
                                int heldOut) {
            return fit(examples, vectors, settings, fold, heldOut, SEED);
        }

        static OnEmbeddings fit(List<Example> examples, List<float[]> vectors, Settings settings, int[] fold,
                                int heldOut, long seed) {
            List<String> labels = new ArrayList<>(new TreeSet<>(examples.stream().map(Example::label).toList()));
            if (!labels.contains(NONE)) {
                labels.add(0, NONE);
            }
            List<float[]> x = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold == null || fold[i] != heldOut) {
                    x.add(vectors.get(i));
                    y.add(labels.indexOf(examples.get(i).label()));
                }
            }
            float[][] xs = x.toArray(float[][]::new);
            int[] ys = y.stream().mapToInt(Integer::intValue).toArray();
            if (settings.mlp() == null) {
                return new OnEmbeddings(LinearModel.softmax(xs, ys, labels, settings.linear()));
            }
            List<Classifier> members = new ArrayList<>();
            for (int m = 0; m < settings.members(); m++) {
                members.add(Mlp.train(xs, ys, labels, settings.mlp(), seed + MEMBER_SEED_STEP * m));
            }
            return new OnEmbeddings(members.size() == 1 ? members.get(0) : new Averaged(members));
        }

        Judgement judge(float[] vector) {
            return judge(vector, EMERGENCY_SHARE);
        }

        /**
         * As {@link #judge(float[])}, with a crisis read as an emergency once the emergency labels hold at least
         * {@code emergencyShare} of the crisis labels' probability (0.5: only when they hold more than the urgent).
         */
        Judgement judge(float[] vector, double emergencyShare) {
            double[] p = model.probabilities(vector);
            double[] byCategory = new double[RiskCategory.values().length];
            double check = 0;
            double urgent = 0;
            double emergency = 0;
            for (int i = 0; i < p.length; i++) {
                if (i == none) {
                    continue;
                }
                byCategory[categoryOf[i].ordinal()] += p[i];
                switch (levelOf[i]) {
                    case CHECK -> check += p[i];
                    case EMERGENCY -> emergency += p[i];
                    default -> urgent += p[i];
                }
            }
            int best = 0;
            for (int c = 1; c < byCategory.length; c++) {
                if (byCategory[c] > byCategory[best]) {
                    best = c;
                }
            }
            return new Judgement(1 - p[none], RiskCategory.values()[best], byCategory[best],
                    level(check, urgent, emergency, emergencyShare));
        }

        /**
         * The level of a judgement from the probability its labels put on each level: the likeliest, except that a
         * crisis (urgent and emergency together more likely than a check) is an emergency once the emergency labels
         * hold at least {@code emergencyShare} of it.
         */
        static String level(double check, double urgent, double emergency, double emergencyShare) {
            String level = emergency >= urgent && emergency >= check ? EMERGENCY : urgent >= check ? URGENT : CHECK;
            return level.equals(URGENT) && emergency >= emergencyShare * (urgent + emergency) ? EMERGENCY : level;
        }
    }

    private static RiskCategory category(String code) {
        return Arrays.stream(RiskCategory.values()).filter(c -> c.code().equals(code)).findFirst().orElse(null);
    }
}
