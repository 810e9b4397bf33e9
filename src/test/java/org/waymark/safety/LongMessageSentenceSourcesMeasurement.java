package org.waymark.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.waymark.embedding.SentenceEmbeddings;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): which net raises the crisis alarms of the
 * sentence reading of long messages ({@link LayeredRiskDetector#bySentence}): the words net on a sentence's words,
 * the embedding net on its pooled vector, or both. Reads no kept-apart line and prints counts only (lines start
 * "SENTENCES"): on the long training negatives of round 11 ({@code -Dset=}, a training file by default), on stories
 * made of the calibration negatives as {@code LongMessageSentenceCheckMeasurement} makes them, and on risky training
 * lines the nets catch put at the end of such a story. Run with {@code mvn -o -q test
 * -Dtest=LongMessageSentenceSourcesMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LongMessageSentenceSourcesMeasurement {

    @Test
    void measure() throws Exception {
        String set = System.getProperty("set", "nlp-models/risk/negatives-round11-long.tsv");
        if (set.contains("kept-apart")) {
            throw new IllegalArgumentException("reads training and calibration lines only");
        }
        LayeredRiskDetector detector = RiskDetectors.nets(Path.of("nlp-models/risk"));
        RiskTraining training = RiskTraining.load(Path.of("nlp-models/risk"));
        List<String> longNegatives = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(set));
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", 2);
            if (cols.length == 2 && cols[0].equals(RiskNet.NONE)
                    && cols[1].strip().length() > LayeredRiskDetector.LONG_MESSAGE) {
                longNegatives.add(cols[1]);
            }
        }
        List<String> calibration = new ArrayList<>(RiskNet.calibration(training.lines()));
        Collections.shuffle(calibration, new Random(RiskNet.SEED));
        List<String> stories = LongMessageSentenceCheckMeasurement.stories(calibration);
        List<String> risky = LongMessageSentenceCheckMeasurement.riskyLeftToTheNets(detector, training);
        List<String> riskyStories = new ArrayList<>();
        for (int i = 0; i < risky.size(); i++) {
            riskyStories.add(stories.get(i % stories.size()) + ". " + risky.get(i));
        }
        report("long training negatives", detector, longNegatives);
        report("calibration stories", detector, stories);
        report("risky lines at a calibration story's end", detector, riskyStories);
    }

    /** For each story: what the sentence reading's most serious crisis came from, by the rule it runs today. */
    private static void report(String name, LayeredRiskDetector detector, List<String> texts) {
        int wordsOnly = 0;
        int embeddingOnly = 0;
        int both = 0;
        int wholeCatches = 0;
        int sentenceCrisis = 0;
        int variantCrisis = 0;
        int variantCheckOnly = 0;
        RiskNet net = detector.net();
        SentenceEmbeddings embeddings = detector.embeddings();
        for (String text : texts) {
            boolean whole = flagged(detector.assessPatternsOnly(text)) || flagged(detector.netOnly(text));
            wholeCatches += whole ? 1 : 0;
            List<String> sentences = SentenceEmbeddings.sentences(text, LayeredRiskDetector.MAX_SENTENCES);
            if (sentences.size() < 2) {
                continue;
            }
            List<float[]> vectors = embeddings.embedParts(text, sentences);
            boolean w = false;
            boolean e = false;
            boolean b = false;
            boolean agreed = false;
            boolean asked = false;
            for (int i = 0; i < sentences.size(); i++) {
                String normalised = detector.normaliser().normalise(sentences.get(i));
                if (normalised.isEmpty()) {
                    continue;
                }
                String masked = detector.patterns().masked(normalised);
                boolean byWords = net.wordsRaise(masked) != null;
                Risk band = RiskNet.band(net.judge(vectors.get(i)), detector.sentenceCheckAt(), net.crisisAt(), "");
                boolean byEmbedding = band != null && band.risky();
                b |= byWords && byEmbedding;
                // the variant: the words net's crisis on a sentence stands where the embedding net reads at least
                // its check threshold there; else it asks the check question
                boolean embeddingDoubts = net.judge(vectors.get(i)).risk() >= net.checkAt();
                agreed |= byEmbedding || byWords && embeddingDoubts;
                asked |= byWords && !embeddingDoubts;
                w |= byWords && !byEmbedding;
                e |= byEmbedding && !byWords;
            }
            variantCrisis += agreed ? 1 : 0;
            variantCheckOnly += !agreed && asked ? 1 : 0;
            if (b || w || e) {
                sentenceCrisis++;
                both += b ? 1 : 0;
                wordsOnly += !b && w ? 1 : 0;
                embeddingOnly += !b && !w && e ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "SENTENCES %s: %d; flagged by the whole (patterns or nets) %d; a sentence at "
                + "a crisis %d: some sentence by both nets %d, else by the words net only %d, else by the embedding "
                + "net only %d; if the words net's crisis needs the embedding net at its check threshold: a crisis %d,"
                + " a check question only %d%n", name, texts.size(), wholeCatches, sentenceCrisis, both, wordsOnly,
                embeddingOnly, variantCrisis, variantCheckOnly);
    }

    private static boolean flagged(Risk r) {
        return r != null && (r.risky() || r.check());
    }
}
