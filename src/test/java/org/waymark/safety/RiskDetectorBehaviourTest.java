package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.waymark.safety.RiskCategory.ABUSE_SAFEGUARDING;
import static org.waymark.safety.RiskCategory.HARM_TO_OTHERS;
import static org.waymark.safety.RiskCategory.MEDICAL_EMERGENCY;
import static org.waymark.safety.RiskCategory.SUICIDE_SELF_HARM;
import static org.waymark.safety.RiskLevel.EMERGENCY;
import static org.waymark.safety.RiskLevel.NONE;
import static org.waymark.safety.RiskLevel.URGENT;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.waymark.embedding.SentenceEmbeddings;

/** The behaviours the issue names, one by one, plus speed and thread safety. */
class RiskDetectorBehaviourTest {

    static final RiskDetector DETECTOR = RiskDetectors.standard();

    /**
     * A sign in the last sentence of a long story, past the 500 characters the model reads at once, and too faint in
     * the mean of the whole story for the nets: read sentence by sentence, it is a crisis.
     */
    @Test
    void aSignAtTheEndOfALongStoryIsRead() {
        String story = "I'm 67 and I live on my own since my husband passed two years ago. Most days I don't speak to "
                + "anyone and the evenings are the worst. My pension just about covers the bills but the gas has gone "
                + "up so much I sit with a blanket rather than put the heating on. My knees are bad so I don't get "
                + "out much, though I used to love walking and I had an allotment for twenty years. My daughter "
                + "lives in Leeds and rings on Sundays. I'd like something to do in the week, maybe a group where I "
                + "could sit with people and have a cup of tea. ";
        String sign = "blister packs all popped and empty beside me on the duvet, getting sleepy, someone should know";
        LayeredRiskDetector layered = (LayeredRiskDetector) DETECTOR;
        assertThat(story.length()).isGreaterThan(LayeredRiskDetector.LONG_MESSAGE);
        assertThat(layered.assessPatternsOnly(story + sign).risky()).as("no pattern reads it").isFalse();
        assertThat(layered.netOnly(story + sign).risky()).as("the nets on the whole story").isFalse();
        Risk risk = DETECTOR.assess(story + sign);
        assertThat(risk.risky()).as(risk.toString()).isTrue();
        assertThat(risk.category()).isEqualTo(SUICIDE_SELF_HARM);
        assertThat(DETECTOR.assess(story).risky() || DETECTOR.assess(story).check()).as("the story alone").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"I keep thinking about sucide", "going to kil myself", "kms", "i want 2 die",
        "i dont want to be here anymore", "thinking of suicde", "i wanna die", "i took an overdoes",
        "i want to kil my self", "I\u2019m going to end it all", "SUICIDAL", "i want to dieeee",
        "ima kms fr", "i just wana die"})
    void misspellingsAndSmsSpeakAreCaught(String text) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.risky()).as(text).isTrue();
        assertThat(risk.category()).as(text).isEqualTo(SUICIDE_SELF_HARM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"this debt is killing me", "I could murder a cup of tea", "dying to get out more",
        "my knees are killing me", "I want to end my gym membership", "I'd kill for a bacon roll",
        "I nearly died laughing", "my phone is dying", "the kids will be the death of me, ha",
        "I'm killing myself trying to keep up with the rent", "the boss will kill me if I'm late",
        "time to call it a day with my fella, we just argue", "I cut myself shaving",
        "I have a plan for my garden", "I'm going to beat my husband at scrabble", "I'm ending things with him",
        "I could kill my brother for eating my chocolate", "ran 3 kms round the park before work",
        "this is goodbye to my old van, she failed her MOT"})
    void idiomsDoNotAlarm(String text) {
        assertThat(DETECTOR.assess(text).level()).as(text).isEqualTo(NONE);
    }

    /** A short answer to the bot's question ("after 5pm") is too little for a check question; "kms" still counts. */
    @ParameterizedTest
    @ValueSource(strings = {"after 5pm", "E1 6AN", "weekday mornings", "tonight", "yes please"})
    void aFragmentAloneNeverBringsTheCheckQuestion(String text) {
        assertThat(DETECTOR.assess(text).band()).isEqualTo("none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kms", "gonna kms", "suicidal", "i overdosed", "i od'd", "this is goodbye"})
    void aShortMessageThePatternsKnowStillRaises(String text) {
        assertThat(DETECTOR.assess(text).risky()).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'm not suicidal", "I have never self harmed", "I'm not going to hurt myself",
        "I would never kill myself, I have my kids", "no thoughts of suicide", "I don't want to die",
        "I'm not suicidal, just lonely"})
    void plainDenialsAreNotRisks(String text) {
        assertThat(DETECTOR.assess(text).level()).as(text).isEqualTo(NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'm not going to kill myself but I think about it",
        "I'm not suicidal but sometimes I wish I could sleep forever",
        "I don't self harm anymore", "I haven't self harmed for two months",
        "I'm not ok and I want to die", "no, I want to die", "I never want to wake up again",
        "I don't want to live", "I can't go on"})
    void negationThatStillCarriesRiskIsUrgent(String text) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.level()).as(text).isNotEqualTo(NONE);
        assertThat(risk.category()).as(text).isEqualTo(SUICIDE_SELF_HARM);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "my mum has dementia|none|",
        "my husband had a stroke last year|none|",
        "my dad died by suicide and I need support|none|",
        "my husband hits me|urgent|abuse_safeguarding",
        "he said he'd kill me|emergency|abuse_safeguarding",
        "he's hitting me right now|emergency|abuse_safeguarding",
        "my friend took an overdose|emergency|medical_emergency",
        "my son says he wants to kill himself|urgent|suicide_self_harm",
        "I'm scared I'll hurt my baby|urgent|harm_to_others",
        "I'm going to stab him|emergency|harm_to_others",
        "I've taken 40 paracetamol|emergency|suicide_self_harm",
        "I took an overdose years ago|urgent|suicide_self_harm",
        "I want to kill myself tonight|emergency|suicide_self_harm",
        "I want to kill myself|urgent|suicide_self_harm",
        "my dad is having a heart attack|emergency|medical_emergency",
        "I've been having really dark thoughts|urgent|suicide_self_harm",
        "I have intrusive thoughts of smothering my baby|urgent|harm_to_others",
        "I have a plan|emergency|suicide_self_harm",
        "I fell over and can't get up|urgent|medical_emergency",
        "my neighbour collapsed last year|none|",
        // the issue's own quoted misses, SMS-speak and UK slang for killing oneself
        "gna finish myself off 2nite|emergency|suicide_self_harm",
        "I'm going to top myself|urgent|suicide_self_harm",
        "I need to top myself up with credit|none|",
        "I finished myself off with a big slice of cake|none|",
        // a child's trouble for a misdeed, and a game, are no threat, in SMS-speak as in plain words
        "lol my mum is gna kill me, i spilt nail varnish on the carpet|none|",
        "my sister gna batter me at fifa again|none|",
        "my husband is going to kill me, he has a knife|emergency|abuse_safeguarding",
        // catalogue signs described rather than named (MED-VOMITING-BLOOD, MED-SEIZURE, ABU-SEXUAL-VIOLENCE,
        // SUI-BURDEN, HTO-INTENT); "say no" is said, not a negation
        "I've been throwing up what looks like coffee grounds|emergency|medical_emergency",
        "my poo's gone black like tar|emergency|medical_emergency",
        "my son is still fitting and it's been ages|emergency|medical_emergency",
        "when I say no he does it anyway and makes me have sex|urgent|abuse_safeguarding",
        "my kids would have an easier life if I was gone|urgent|suicide_self_harm",
        "I've started carrying a knife because I'm so angry all the time|urgent|harm_to_others",
        "I've started carrying a knife roll to my catering course|none|",
        "the coffee grounds go in the compost bin|none|",
        // MED-VOMITING-BLOOD named is the catalogue's emergency, now or not; coughing up blood stays urgent
        "I threw up blood twice this morning|emergency|medical_emergency",
        "mums being sick and theres blood in her sick|emergency|medical_emergency",
        "I keep coughing up blood|urgent|medical_emergency",
        // a denial is no 999 call
        "thank god there wasnt any blood in his sick, its just a bug going round|none|",
        "he isnt throwing up blood, it's the beetroot he ate|none|",
        // past and over: no crisis, the category kept for the link worker's note
        "I was vomiting blood years ago with an ulcer, all sorted now|none|medical_emergency"})
    void levelsAndCategoriesFollowTheIssue(String text, String level, String category) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.level().code()).as(text).isEqualTo(level);
        assertThat(risk.category() == null ? null : risk.category().code()).as(text).isEqualTo(category);
    }

    /**
     * The patterns' crisis in a message the nets read as no risk at all is asked about, not alarmed on, and the check
     * holds the patterns' level for where the bot cannot ask; with the patterns' words nearly the whole message, or
     * where the nets read risk too, the crisis stands.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "the neighbours are having their kitchen done, drilling since 7am, i'll kill them|emergency|harm_to_others",
        "my dad would murder me if he knew I'd dented the car, keep it between us lol|emergency|abuse_safeguarding",
        "the GP said my chest pain was a pulled muscle from coughing, it's easing with ibuprofen|urgent|"
                + "medical_emergency"})
    void thePatternsCrisisIsAQuestionWhereTheNetsReadNoRisk(String text, String level, String category) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.band()).as(text).isEqualTo("check");
        assertThat(risk.tempered()).as(text).isTrue();
        assertThat(risk.category().code()).as(text).isEqualTo(category);
        assertThat(risk.untempered().level().code()).as(text).isEqualTo(level);
        assertThat(risk.untempered().risky()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'm going to top myself", "I took an overdose years ago",
        "I tried to take my own life two years ago", "people at school tell me to kys",
        "i'll kill them", "after my shift finishes at 6 im ending it, had enough of everything",
        "pain in my chest going down my left arm and into my jaw, sweating buckets"})
    void thePatternsCrisisStandsWithFewOtherWordsOrWhereTheNetsReadRisk(String text) {
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.risky()).as(text).isTrue();
        assertThat(risk.tempered()).as(text).isFalse();
    }

    /** A rule's urgent is an emergency where the nets are sure of an emergency of the same category. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pain in my chest going through to my back and i've been sick twice|medical_emergency",
        "pregnant and bleeding with bad tummy pain|medical_emergency",
        "i was just raped and he's gone but i'm scared he'll come back|abuse_safeguarding"})
    void aPatternsUrgentIsAnEmergencyWhereTheNetsAreSureOfOne(String text, String category) {
        LayeredRiskDetector layered = (LayeredRiskDetector) DETECTOR;
        assertThat(layered.assessPatternsOnly(text).level()).as(text).isEqualTo(RiskLevel.URGENT);
        Risk risk = DETECTOR.assess(text);
        assertThat(risk.level()).as(text).isEqualTo(EMERGENCY);
        assertThat(risk.category().code()).as(text).isEqualTo(category);
    }

    @Test
    void anAgeUnder19IsCarriedInTheCue() {
        assertThat(DETECTOR.assess("I'm 15 and my dad hits me").cue()).endsWith(LayeredRiskDetector.UNDER_19);
        assertThat(DETECTOR.assess("im 14 i want to die").cue()).endsWith(LayeredRiskDetector.UNDER_19);
        assertThat(DETECTOR.assess("I'm 45 and my husband hits me").cue()).doesNotEndWith(LayeredRiskDetector.UNDER_19);
        assertThat(DETECTOR.assess("I'm 15 minutes late and I want to die").cue())
                .doesNotEndWith(LayeredRiskDetector.UNDER_19);
    }

    @Test
    void theNetRaisesWhatThePatternsMissAndLowersTheirCrisisOnlyToAQuestion() {
        TextNormaliser normaliser = new TextNormaliser();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add("abuse_safeguarding purple elephants dance on me " + i);
            lines.add("none i want to kill myself tonight " + i);
            lines.add("none hello there friend " + i);
        }
        LayeredRiskDetector detector = new LayeredRiskDetector(normaliser, new RiskPatterns(),
                RiskNet.train(lines, normaliser, new RiskPatterns(), SentenceEmbeddings.shared(), RiskNet.DEFAULT),
                SentenceEmbeddings.shared());
        Risk raised = detector.assess("purple elephants dance on me");
        assertThat(raised.band()).isIn("check", "urgent");
        assertThat(raised.category()).isEqualTo(ABUSE_SAFEGUARDING);
        assertThat(raised.cue()).isIn(RiskNet.WORDS_CUE, RiskNet.EMBEDDING_CUE);
        // the net was taught this is "none"; the patterns' emergency stands, their words being the whole message
        assertThat(detector.assess("I want to kill myself tonight").level()).isEqualTo(EMERGENCY);
        // with more words besides, the net taught it is "none" tempers the emergency to the check question
        Risk tempered = detector.assess(
                "I want to kill myself tonight, hello there my friend, hello there friend, hello there my friend");
        assertThat(tempered.band()).isEqualTo("check");
        assertThat(tempered.untempered().level()).isEqualTo(EMERGENCY);
        assertThat(detector.assess("hello there friend").band()).isEqualTo("none");
    }

    @Test
    void aCrisisIsAnEmergencyOnceItsEmergencyShareReachesTheSetting() {
        // check, urgent, emergency: the shipped share (0.45) reads 0.25 against 0.30 as an emergency
        assertThat(RiskNet.EMERGENCY_SHARE).isEqualTo(0.45);
        assertThat(RiskNet.OnEmbeddings.level(0.05, 0.30, 0.25, RiskNet.EMERGENCY_SHARE)).isEqualTo(RiskNet.EMERGENCY);
        assertThat(RiskNet.OnEmbeddings.level(0.05, 0.30, 0.25, 0.5)).isEqualTo(RiskNet.URGENT);
        assertThat(RiskNet.OnEmbeddings.level(0.05, 0.40, 0.20, RiskNet.EMERGENCY_SHARE)).isEqualTo(RiskNet.URGENT);
        // a likelier check stays a check whatever the share
        assertThat(RiskNet.OnEmbeddings.level(0.50, 0.20, 0.19, RiskNet.EMERGENCY_SHARE)).isEqualTo(RiskNet.CHECK);
        assertThat(RiskNet.OnEmbeddings.level(0.10, 0.20, 0.60, RiskNet.EMERGENCY_SHARE)).isEqualTo(RiskNet.EMERGENCY);
    }

    @Test
    void theWordsNetsCrisisIsAnEmergencyWhereTheEmbeddingNetReadsOneOfTheSameCategory() {
        // "I have a rope and I've written the letters": the words net raises suicide, the embedding net reads an
        // emergency at 0.82, below its own crisis threshold
        RiskNet.Judgement emergency = new RiskNet.Judgement(0.82, SUICIDE_SELF_HARM, 0.8, RiskNet.EMERGENCY);
        assertThat(RiskNet.EMERGENCY_AGREEMENT).isEqualTo(0.4);
        assertThat(RiskNet.agreed(SUICIDE_SELF_HARM, emergency, 0.4, 0.99, RiskNet.EMERGENCY_AGREEMENT))
                .isEqualTo(new Risk(EMERGENCY, SUICIDE_SELF_HARM, RiskNet.WORDS_CUE));
        assertThat(RiskNet.agreed(SUICIDE_SELF_HARM, emergency, 0.4, 0.99, Double.NaN).level()).isEqualTo(URGENT);
        assertThat(RiskNet.agreed(SUICIDE_SELF_HARM, emergency, 0.4, 0.99, 0.9).level()).isEqualTo(URGENT);
        assertThat(RiskNet.agreed(MEDICAL_EMERGENCY, emergency, 0.4, 0.99, RiskNet.EMERGENCY_AGREEMENT))
                .as("another category: the words net's crisis stays urgent").isEqualTo(
                        new Risk(URGENT, MEDICAL_EMERGENCY, RiskNet.WORDS_CUE));
        RiskNet.Judgement urgent = new RiskNet.Judgement(0.82, SUICIDE_SELF_HARM, 0.8, RiskNet.URGENT);
        assertThat(RiskNet.agreed(SUICIDE_SELF_HARM, urgent, 0.4, 0.99, RiskNet.EMERGENCY_AGREEMENT).level())
                .isEqualTo(URGENT);
        assertThat(RiskNet.agreed(null, emergency, 0.4, 0.99, RiskNet.EMERGENCY_AGREEMENT))
                .as("the embedding net alone: its check question").matches(Risk::check);
    }

    @Test
    void blankAndNullAreNone() {
        assertThat(DETECTOR.assess(null)).isEqualTo(Risk.NONE);
        assertThat(DETECTOR.assess("   ")).isEqualTo(Risk.NONE);
        assertThat(DETECTOR.assess("!!!")).isEqualTo(Risk.NONE);
    }

    @Test
    void theDetectorIsThreadSafe() throws Exception {
        List<String> lines = new ArrayList<>(RiskTestSetTest.resourceLines("safety/negatives.tsv"));
        RiskTestSetTest.resourceLines("safety/risky.tsv").forEach(l -> lines.add(l.split("\t")[2]));
        List<Risk> expected = lines.stream().map(DETECTOR::assess).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Risk>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> lines.stream().map(DETECTOR::assess).toList()));
            }
            for (Future<List<Risk>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMessageTakesAFewMillisecondsAtMost() throws Exception {
        List<String> lines = new ArrayList<>(RiskTestSetTest.resourceLines("safety/negatives.tsv"));
        RiskTestSetTest.resourceLines("safety/risky.tsv").forEach(l -> lines.add(l.split("\t")[2]));
        lines.forEach(DETECTOR::assess); // warm up the JIT
        // CPU time, not wall time: the build machine is shared and a descheduled thread is not a slow detector
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        int rounds = 2;
        long wallStart = System.nanoTime();
        long start = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            lines.forEach(DETECTOR::assess);
        }
        double micros = (cpu.getCurrentThreadCpuTime() - start) / 1000.0 / (rounds * lines.size());
        double wallMicros = (System.nanoTime() - wallStart) / 1000.0 / (rounds * lines.size());
        System.out.printf("risk detector: %.1f microseconds CPU per message (%.1f wall), mean over %d%n", micros,
                wallMicros, rounds * lines.size());
        // the sentence embedding is most of it; docs/nlu.md has the JMH percentiles
        assertThat(micros).isLessThan(15_000.0);
    }

    @Test
    void harmToOthersAndMedicalCategoriesAreDistinct() {
        assertThat(DETECTOR.assess("I keep having thoughts about hurting people").category()).isEqualTo(HARM_TO_OTHERS);
        assertThat(DETECTOR.assess("my wife has collapsed and isn't breathing").category())
                .isEqualTo(MEDICAL_EMERGENCY);
    }
}
