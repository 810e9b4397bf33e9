package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * A practice's risk corrections (issue 20) speak for the messages worded like them and for no other: the shipped
 * net is never moved, so a correction about one message cannot cost a catch elsewhere.
 */
class RiskHeadsTest {
    static final RiskByLanguage RISKS = RiskByLanguage.load(Path.of("nlp-models"));
    static final String NET_ONLY = "I keep thinking about driving the car into the river";

    @Test
    void aNotRiskCorrectionClearsWhatTheNetRaisedForItsMessageAndItsRewordingsOnly() {
        assertThat(RISKS.english().assess(NET_ONLY).band()).as("the net alone raises it").isNotEqualTo("none");
        RiskDetector corrected = RISKS.englishWith(RISKS.retrain(List.of(
                new RiskHeads.Lesson(NET_ONLY, null, null, true))));
        assertThat(corrected.assess(NET_ONLY)).isEqualTo(Risk.NONE);
        assertThat(corrected.assess("I keep thinking about driving my car into the river")).isEqualTo(Risk.NONE);
        for (String other : List.of("I've taken all my tablets and I want to die",
                "I keep thinking about jumping off the bridge", "my chest is tight and the pain is going down my arm")) {
            assertThat(corrected.assess(other)).as(other).isEqualTo(RISKS.english().assess(other));
        }
    }

    @Test
    void aPatternsMatchStandsAgainstANotRiskCorrection() {
        String matched = "I've taken all my tablets and I want to die";
        Risk shipped = RISKS.english().assess(matched);
        assertThat(shipped.risky()).isTrue();
        RiskDetector corrected = RISKS.englishWith(RISKS.retrain(List.of(
                new RiskHeads.Lesson(matched, null, null, true))));
        assertThat(corrected.assess(matched)).isEqualTo(shipped);
    }

    @Test
    void aWasRiskCorrectionRaisesItsMessageToItsLevelAndNeverLowersOne() {
        String missed = "been putting my nan's old tablets by in a shoe box under the bed";
        RiskDetector corrected = RISKS.englishWith(RISKS.retrain(List.of(
                new RiskHeads.Lesson(missed, "suicide_self_harm", "urgent", false),
                new RiskHeads.Lesson("I'm on the bridge now and I'm going to jump", "suicide_self_harm", "check",
                        false))));
        Risk risk = corrected.assess(missed);
        assertThat(risk.level()).isEqualTo(RiskLevel.URGENT);
        assertThat(risk.category()).isEqualTo(RiskCategory.SUICIDE_SELF_HARM);
        assertThat(corrected.assess("I'm on the bridge now and I'm going to jump").level())
                .as("a lower correction leaves the emergency").isEqualTo(RiskLevel.EMERGENCY);
    }

    @Test
    void theCorrectionsAreKeptInTheBytesAndAnEarlierVersionReadsWithoutAny() throws Exception {
        RiskHeads heads = RISKS.retrain(List.of(new RiskHeads.Lesson(NET_ONLY, null, null, true),
                new RiskHeads.Lesson("nobody would miss me", "suicide_self_harm", "emergency", false),
                new RiskHeads.Lesson("no category, no lesson", null, "urgent", false)));
        assertThat(heads.corrections()).isEqualTo(2);
        RiskHeads read = RiskHeads.read(heads.bytes());
        assertThat(read.corrections()).isEqualTo(2);
        assertThat(RISKS.englishWith(read).assess(NET_ONLY)).isEqualTo(Risk.NONE);
        assertThat(RISKS.englishWith(read).assess("nobody would miss me").level()).isEqualTo(RiskLevel.EMERGENCY);

        ByteArrayOutputStream formatOne = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(formatOne)) {
            out.writeInt(1);
            heads.net.writeTagged(out);
        }
        RiskHeads earlier = RiskHeads.read(formatOne.toByteArray());
        assertThat(earlier.corrections()).isZero();
        assertThat(RISKS.englishWith(earlier).assess(NET_ONLY)).isEqualTo(RISKS.english().assess(NET_ONLY));
    }

    @Test
    void aMessageWordedLikeOneOfTheDialogsOwnAnswersIsNotAskedTheCheckQuestionOnTheNetsDoubtAlone() {
        LayeredRiskDetector shipped = (LayeredRiskDetector) RISKS.english();
        // a wording the shipped net doubts and no shipped answer is near (which one depends on the training, so the
        // first of a few the net has doubted); given an answer near it, it goes unasked
        String unsure = java.util.stream.Stream.of("hmm couldn't say honestly", "hard to tell honestly",
                        "who knows honestly", "hmm no clue honestly", "I couldn't tell you honestly")
                .filter(t -> shipped.netOnly(t).check()).findFirst().orElseThrow(() -> new AssertionError(
                        "the shipped net doubts none of the wordings: add one it doubts"));
        assertThat(shipped.assess(unsure).band()).as(unsure + ": no shipped answer is near").isEqualTo("check");
        LayeredRiskDetector withIt = shipped.withAnswers(List.of(unsure.substring(0, 1).toUpperCase(Locale.ROOT)
                + unsure.substring(1).replace(" honestly", ", honestly.")));
        assertThat(withIt.assess(unsure)).as(unsure + " beside a like answer").isEqualTo(Risk.NONE);
        for (LayeredRiskDetector detector : List.of(shipped, withIt)) {
            assertThat(detector.assess("I don't know how much longer I can keep going like this").band())
                    .as("doubt that is not an answer is still asked about").isNotEqualTo("none");
        }
        // the answers that once brought the question at the what-matters step (conversation script 9 caught it)
        for (String answer : List.of("I don't know really", "no idea to be honest")) {
            assertThat(shipped.assess(answer)).as(answer).isEqualTo(Risk.NONE);
        }
    }
}
