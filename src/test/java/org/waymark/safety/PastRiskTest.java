package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Past and recovered history (issue 15): a risk the patient puts in the past and says is over gets no crisis reply
 * and no question, but a note for the link worker; anything that brings it back into the present is still a crisis.
 */
class PastRiskTest {

    private static final RiskDetector DETECTOR = RiskDetectorBehaviourTest.DETECTOR;

    @ParameterizedTest
    @ValueSource(strings = {
        "self harmed as a teenager, fine now",
        "i tried to take my own life at 19, i'm 35 now and doing really well, i'd like to volunteer",
        "I left an abusive marriage twenty years ago and I've had lots of support since. I'd like to make friends.",
        "took an overdose back in 2010 but that's all behind me now, is there a choir",
    })
    void aPastRiskTheyAreOverIsANoteNotACrisis(String text) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.risky()).as("crisis reply for: " + text).isFalse();
        assertThat(risk.check()).as("check question for: " + text).isFalse();
        assertThat(risk.history()).as("history note for: " + text).isTrue();
        assertThat(risk.band()).isEqualTo("none");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "self harmed as a teenager and it's started again",
        "i took an overdose in 2015 and was fine for years but i've been saving my tablets",
        "I left him years ago and I'm safe now but he found me last night",
        "i tried to kill myself at 19, i'm fine now, but tonight i want to do it again",
        // putting affairs in order is not "sorted" in the sense of over, and a goodbye is the present
        "wrote a will last month and sorted out who gets the cat. i won't be here much longer",
        "gave my tools to my grandson last week, it's all sorted, goodbye",
    })
    void whatBringsItBackIsStillACrisis(String text) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.history()).as("history note for: " + text).isFalse();
        assertThat(risk.risky() || risk.check()).as("raised: " + text).isTrue();
    }

    /**
     * A past time elsewhere in the message does not drop a medical emergency happening now, and "is at uni" is not
     * the past (the patterns alone, so the nets cannot hide it).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "my son is at uni and his lips have gone blue",
        "he had a fall a week ago and this morning he is unresponsive",
        "she had her hip done last year, since lunch she's been unresponsive",
    })
    void aPastTimeElsewhereDoesNotDropAnEmergencyNow(String text) {
        RiskPatterns.Result result = new RiskPatterns().assess(new TextNormaliser().normalise(text));
        assertThat(result.match()).as(text).isNotNull();
        assertThat(result.match().category()).as(text).isEqualTo(RiskCategory.MEDICAL_EMERGENCY);
        assertThat(result.match().level()).as(text).isEqualTo(RiskLevel.EMERGENCY);
    }

    /**
     * School years, decades, a first marriage, "a phase" put it in the past; "long gone", "old news", "she's 22 now"
     * say it is over; the last word on it counts, so a "but" before it does not keep it open (the patterns alone).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "cut myself in year 10, i'm 30 now and it's long gone",
        "he hit me in my first marriage, i've been remarried ten years",
        "my daughter went through a phase of self harming at 15, she's 22 now and doing brilliantly",
        "I overdosed in the nineties. got help, but honestly it's old news now",
    })
    void pastPhrasingsSayItIsOver(String text) {
        RiskPatterns.Result result = new RiskPatterns().assess(new TextNormaliser().normalise(text));
        assertThat(result.match()).as(text).isNull();
        assertThat(result.history()).as(text).isNotNull();
    }

    /**
     * A past time and a "good" about something else do not put a risk told in the present in the past: the time must
     * stand in the risk's clause, the next one, or a short one before it ("as a teenager, I ..."); in a long story
     * the recovery must be near it too (the patterns alone).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "I used to play netball for the county when I was at school and I am good at baking these days. My husband "
            + "hits me when he has had a drink.",
        "Hi, I'm 19 and I'm doing really well at college, I'm on a level 3 catering course and I love it. I'm "
            + "looking for a volunteering placement in a kitchen, maybe a community cafe, because I want experience "
            + "before I apply for jobs. I also like running and would try a parkrun if there's one near Gorton. I "
            + "live with my mum and my little sister who's 8, we're close. I wanted to tell someone that my uncle "
            + "sexually abused me when I was little and he is moving in with us next month and will share a room "
            + "with my sister.",
    })
    void anUnrelatedPastDoesNotMakeARiskHistory(String text) {
        RiskPatterns.Result result = new RiskPatterns().assess(new TextNormaliser().normalise(text));
        assertThat(result.history()).as(text).isNull();
        assertThat(result.match()).as(text).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"As a teenager, I self harmed, but I'm fine now",
        "Years ago, I took an overdose. I'm fine now and doing well"})
    void aShortTimeBeforeTheRiskIsItsTime(String text) {
        assertThat(new RiskPatterns().assess(new TextNormaliser().normalise(text)).history()).as(text).isNotNull();
    }

    /** A storyline on screen and a flatmate's stolen biscuits are no risk; a threat over the children still is. */
    @Test
    void aStorylineOrASmallMisdeedIsNoRisk() {
        RiskPatterns patterns = new RiskPatterns();
        TextNormaliser normaliser = new TextNormaliser();
        assertThat(patterns.assess(normaliser.normalise("there was a storyline about domestic abuse on EastEnders"))
                .match()).isNull();
        assertThat(patterns.assess(normaliser.normalise("gonna murder my flatmate, she's scoffed all my biscuits"))
                .match()).isNull();
        assertThat(patterns.assess(normaliser.normalise("i'm going to kill my brother, he has taken my kids"))
                .match()).isNotNull();
    }

    /**
     * What a novel or a safeguarding course covered, a refuge worker's clients' stories and a marriage begun again
     * are no disclosure; the same words about the patient themselves still are (the long training negatives of
     * round 11 that the patterns raised to a crisis).
     */
    @Test
    void aBookACourseOrAClientsStoryIsNoDisclosure() {
        RiskPatterns patterns = new RiskPatterns();
        TextNormaliser normaliser = new TextNormaliser();
        for (String text : List.of("our book club read a novel in which the heroine's sister dies by suicide",
                "a novel whose heroine is in a controlling marriage opened our eyes to what coercive control looks like",
                "my refresher training, which covered neglect, physical and sexual abuse, county lines and online "
                        + "grooming, and FGM and forced marriage",
                "listening every day to women describing domestic abuse and being controlled",
                "fifteen years ago I left him, he used to hit me. I rebuilt my life and I'm happily married again")) {
            assertThat(patterns.assess(normaliser.normalise(text)).match()).as(text).isNull();
        }
        for (String text : List.of("I did a course on self harm and now I am cutting again every night",
                "my husband hits me and I want to go on a course about domestic abuse",
                "he used to hit me, and now he is back and hitting me again",
                "I'm in a controlling marriage, he tracks my phone and takes my wages")) {
            assertThat(patterns.assess(normaliser.normalise(text)).match()).as(text).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"my neighbour collapsed last year", "he went blue at school years ago, he is fine now"})
    void aMedicalEmergencyOnlyInThePastIsNone(String text) {
        assertThat(new RiskPatterns().assess(new TextNormaliser().normalise(text)).match()).as(text).isNull();
    }

    /** The rule must never turn a line written as a risk into a note: every risky training line is checked. */
    @Test
    void noRiskyTrainingLineIsReadAsPastAndOver() throws IOException {
        TextNormaliser normaliser = new TextNormaliser();
        RiskPatterns patterns = new RiskPatterns();
        List<String> turned = new ArrayList<>();
        int read = 0;
        List<Path> files;
        try (Stream<Path> dir = Files.list(Path.of(SafetySettings.DEFAULT_TRAINING_DIR))) {
            files = dir.filter(f -> f.getFileName().toString().matches("risky.*\\.tsv")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(4);
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String text = line.substring(line.indexOf('\t') + 1);
                read++;
                if (patterns.assess(normaliser.normalise(text)).history() != null) {
                    turned.add(line);
                }
            }
        }
        assertThat(read).isGreaterThan(4500);
        assertThat(turned).as("risky lines read as past and over").isEmpty();
    }
}
