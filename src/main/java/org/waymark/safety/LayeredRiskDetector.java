package org.waymark.safety;

import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.waymark.embedding.SentenceEmbeddings;

/**
 * Patterns first; then, where they neither match nor read a denial, the learned nets ({@link RiskNet}: the words
 * net as before, and the net on the message's sentence embedding), which may raise a crisis or ask a check question.
 * Where the patterns raise a crisis in a message of {@link #TEMPER_MIN_CONTEXT} words or more besides theirs that
 * the nets read as no risk at all ("I'll kill him if he eats my chips again", a story of someone else's overdose),
 * the crisis is {@link Risk#tempered} to the check question: the nets lower a pattern's crisis to a question, never
 * to nothing. Where the patterns read urgent and the nets are sure of an emergency of the same category ("pregnant
 * and bleeding with bad tummy pain": urgent to a rule, an emergency to the nets), it is an emergency: on training,
 * pending and calibration lines 59 emergency lines rose to it and 4 urgent ones, and no negative (7 December,
 * {@code PatternCrisisNetReadingMeasurement}; docs/nlu.md).
 * Names an age under 19 in the cue so the crisis reply can offer Childline.
 */
@Component
final class LayeredRiskDetector implements RiskDetector {

    /** The fewest words a message needs before a net's doubt alone brings the check question. */
    static final int CHECK_MIN_WORDS = 3;

    static int words(String normalised) {
        int n = 0;
        for (String w : normalised.split(" ")) {
            n += w.isEmpty() || w.equals(TextNormaliser.BREAK) ? 0 : 1;
        }
        return n;
    }

    /**
     * How close (cosine) a message must be to one of the dialog's answers for the nets' check question to go unasked:
     * nearer than a link worker's correction reaches ({@link RiskHeads#REACH}), as it only ever drops a question, never
     * a crisis. At 0.75 to 0.80, 94.2% of the training lines share their nearest line's answer
     * (CorrectionReachMeasurement); "I don't know really" was 0.784 from "i really don't know" (both are dont_know
     * examples now), while "I don't know how much longer I can keep going like this" is 0.41 from its nearest answer.
     */
    static final double ANSWER_REACH = 0.75;

    /**
     * Longer than any risk training line but the 320 long stories of the eleventh round (the longest other is 421
     * characters): a message where one sentence's sign can be lost in the mean of the rest. Such a message is read
     * sentence by sentence as well (each sentence pooled from the message's own inference, so no inference is added),
     * and the most serious reading stands.
     */
    static final int LONG_MESSAGE = 450;
    /**
     * The embedding net's chance from which one sentence of a long message brings the check question (the net's own
     * check threshold when higher, its crisis threshold when lower; 1.0: a sentence alone brings a crisis, or a check
     * only where the net reads a check past its crisis threshold): a story of seven sentences has seven chances to
     * cross it. Chosen by {@code LongMessageSentenceCheckMeasurement} on stories made of calibration negatives, never
     * trained on, by a rule fixed before its first run. On the nets of 7 December with the second calibration set,
     * the long training stories and the patterns' windows (168 stories, 137 of them left alone by the whole
     * message): at 0.95 a sentence asked or alarmed 14 of 137 (10%, over the 8% the net's check budget allows), at
     * the crisis threshold 7 (5.1%), so the crisis threshold; risky training lines at a story's end were caught 275
     * of 300 by it (279 at 0.95; trained on, so flattering). On the earlier nets of that day (69 and 71 stories of
     * the first calibration set alone) 0.95 was chosen twice.
     */
    static final double SENTENCE_CHECK_AT = 1.0;
    /** Sentences of a long message read one by one, at most. */
    static final int MAX_SENTENCES = 32;

    /**
     * The fewest words a message needs besides those the patterns matched before the nets may temper the patterns'
     * crisis to a check question: with fewer, the patterns' words are most of the message and the nets have little
     * else to read. At six, four short risky lines of the suite's own set were tempered ("I tried to take my own life
     * two years ago", "people at school tell me to kys": the nets read a past attempt, and a child told to kill
     * themselves, as no risk), so ten, about a sentence besides the patterns' words: a joke, a story on screen or a
     * profession's frame, where the tempered false alarms are. What it keeps and spares, 7 December: {@code
     * PatternCrisisNetReadingMeasurement} and docs/nlu.md, "The nets temper a pattern's crisis".
     */
    static final int TEMPER_MIN_CONTEXT = 10;

    /** Appended to a cue when the message mentions an age under 19; read by the crisis replies. */
    static final String UNDER_19 = " [under 19]";

    private final TextNormaliser normaliser;
    private final RiskPatterns patterns;
    private final RiskNet net;
    private final SentenceEmbeddings embeddings;
    /** A model version's net and corrections (issue 20); null as shipped. */
    private final RiskHeads version;
    /**
     * The dialog's own answers as "not risk" examples ({@link RiskTraining#answers}): a check question the nets
     * alone would ask is not asked of a message within {@link #ANSWER_REACH} of one ("hmm couldn't say honestly" after
     * "what matters to you?"). Null for none.
     */
    private final RiskHeads answers;

    @Autowired
    LayeredRiskDetector(SafetySettings settings) {
        this(RiskDetectors.nets(Path.of(settings.riskTrainingDir())));
    }

    private LayeredRiskDetector(LayeredRiskDetector nets) {
        this(nets.normaliser, nets.patterns, nets.net, nets.embeddings, null, nets.answers);
    }

    LayeredRiskDetector(TextNormaliser normaliser, RiskPatterns patterns, RiskNet net, SentenceEmbeddings embeddings) {
        this(normaliser, patterns, net, embeddings, null, null);
    }

    private LayeredRiskDetector(TextNormaliser normaliser, RiskPatterns patterns, RiskNet net,
                                SentenceEmbeddings embeddings, RiskHeads version, RiskHeads answers) {
        this.normaliser = normaliser;
        this.patterns = patterns;
        this.net = net;
        this.embeddings = embeddings;
        this.version = version;
        this.answers = answers;
    }

    /** The same, with these dialog answers as "not risk" examples for the nets' check questions. */
    LayeredRiskDetector withAnswers(List<String> texts) {
        RiskHeads built = RiskHeads.withLessons(new RiskHeads(net.embeddingNet()), texts.stream()
                .map(t -> new RiskHeads.Lesson(t, null, null, true)).toList());
        return new LayeredRiskDetector(normaliser, patterns, net, embeddings, version,
                built.hasCorrections() ? built : null);
    }

    /**
     * The same patterns and words net with a model version's net on sentence embeddings and its link workers'
     * corrections (issue 20).
     */
    LayeredRiskDetector withHeads(RiskHeads heads) {
        return new LayeredRiskDetector(normaliser, patterns, net.withEmbeddingNet(heads.net), embeddings,
                heads.hasCorrections() ? heads : null, answers);
    }

    /** Its own net on sentence embeddings. */
    RiskHeads heads() {
        return new RiskHeads(net.embeddingNet());
    }

    TextNormaliser normaliser() {
        return normaliser;
    }

    RiskNet net() {
        return net;
    }

    SentenceEmbeddings embeddings() {
        return embeddings;
    }

    RiskPatterns patterns() {
        return patterns;
    }

    @Override
    public Risk assess(String text) {
        String normalised = normaliser.normalise(text);
        if (normalised.isEmpty()) {
            return Risk.NONE;
        }
        RiskPatterns.Result result = patterns.assess(normalised);
        boolean temperable = result.match() != null
                && words(normalised) - words(result.match().cue()) >= TEMPER_MIN_CONTEXT;
        float[] vector = result.match() == null && !result.denied() || version != null || temperable
                ? embeddings.embed(text) : null;
        Risk raised = result.match() == null && !result.denied() ? net.raise(result.masked(), vector) : null;
        if (result.match() == null && !result.denied() && text.strip().length() > LONG_MESSAGE
                && (raised == null || !raised.risky())) {
            raised = Risk.moreSerious(raised, bySentence(text));
        }
        if (raised != null && raised.check() && words(normalised) < CHECK_MIN_WORDS) {
            // "after 5pm", "E1 6AN": a fragment answering the bot's question is too little to ask "are you safe?"
            // on; the patterns, a sure net and the last few messages read together still raise a crisis
            raised = null;
        }
        if (raised != null && raised.check() && answers != null
                && answers.corrected(raised, false, vector, ANSWER_REACH) == Risk.NONE) {
            // worded like one of the dialog's own answers ("not sure really"): the net's doubt alone asks nothing
            raised = null;
        }
        Risk risk = combine(result, raised);
        if (temperable && netsReadNoRisk(text, result.masked(), vector)) {
            // the patterns' words, but nothing else the nets have learnt of risk: ask, do not alarm
            risk = Risk.tempered(risk.level(), risk.category(), risk.cue());
        } else if (result.match() != null && risk.level() == RiskLevel.URGENT) {
            // the patterns read urgent; where the nets are sure of an emergency of the same category, it is one
            Risk read = net.raise(result.masked(), vector != null ? vector : embeddings.embed(text));
            if (read != null && read.level() == RiskLevel.EMERGENCY && read.category() == risk.category()) {
                risk = new Risk(RiskLevel.EMERGENCY, risk.category(), risk.cue());
            }
        }
        if (version != null) {
            risk = version.corrected(risk, result.match() != null, vector);
        }
        return (risk.risky() || risk.check()) && AgeMention.under19(normalised)
                ? risk.withCue(risk.cue() + UNDER_19) : risk;
    }

    /**
     * Whether the nets read no risk in a message the patterns raised: the words net raises no crisis and the
     * embedding net's chance of risk is under its check threshold, for the whole message and, in a long one, for
     * every sentence (one sentence's sign must not be lost in the mean of a story).
     */
    private boolean netsReadNoRisk(String text, String masked, float[] vector) {
        if (net.raise(masked, vector) != null) {
            return false;
        }
        return text.strip().length() <= LONG_MESSAGE || bySentence(text, net.checkAt()) == null;
    }

    /** The most serious of what the nets raise for each sentence of a long message alone, or null. */
    private Risk bySentence(String text) {
        return bySentence(text, sentenceCheckAt());
    }

    /** The chance from which one sentence of a long message brings the check question ({@link #SENTENCE_CHECK_AT}). */
    double sentenceCheckAt() {
        return Math.min(Math.max(net.checkAt(), SENTENCE_CHECK_AT), net.crisisAt());
    }

    /** As {@link #bySentence(String)}, a sentence bringing the check question from {@code checkAt}. */
    Risk bySentence(String text, double checkAt) {
        List<String> sentences = SentenceEmbeddings.sentences(text, MAX_SENTENCES);
        if (sentences.size() < 2) {
            return null;
        }
        List<float[]> vectors = embeddings.embedParts(text, sentences);
        Risk most = null;
        for (int i = 0; i < sentences.size(); i++) {
            String normalised = normaliser.normalise(sentences.get(i));
            if (!normalised.isEmpty()) {
                most = Risk.moreSerious(most, net.raise(patterns.masked(normalised), vectors.get(i), checkAt));
            }
        }
        return most;
    }

    /**
     * The patterns' match if any; none where they read a clear denial ("I've never self harmed": a net may not
     * overrule a negation it cannot see); a history note where the patterns read a risk the message says is past and
     * over, unless a net is sure enough of a crisis; else what a net raised, or none.
     */
    static Risk combine(RiskPatterns.Result patterns, Risk net) {
        if (patterns.match() != null) {
            RiskPatterns.Match m = patterns.match();
            return new Risk(m.level(), m.category(), m.cue());
        }
        if (patterns.denied()) {
            return Risk.NONE;
        }
        if (patterns.history() != null && (net == null || !net.risky())) {
            // they have told us it is over: a note for the link worker, not a question; only a sure net overrides
            return Risk.history(patterns.history().category());
        }
        return net == null ? Risk.NONE : net;
    }

    /** Patterns only, for measuring each net on its own. */
    Risk assessPatternsOnly(String text) {
        RiskPatterns.Match match = patterns.assess(normaliser.normalise(text)).match();
        return match == null ? Risk.NONE : new Risk(match.level(), match.category(), match.cue());
    }

    /** The learned nets' own view of a message, without the patterns, for measuring them alone. */
    Risk netOnly(String text) {
        Risk r = net.raise(patterns.assess(normaliser.normalise(text)).masked(), embeddings.embed(text));
        return r == null ? Risk.NONE : r;
    }
}
