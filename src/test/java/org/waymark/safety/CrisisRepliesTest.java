package org.waymark.safety;

import org.waymark.messaging.Gsm7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the shipped crisis texts' key facts and the validation that guards clinicians' edits. */
class CrisisRepliesTest {

    static final Path DIALOGS = Path.of("dialogs");
    static final CrisisTexts TEXTS = CrisisTexts.load(DIALOGS);
    static final CrisisReplies REPLIES = new YamlCrisisReplies(TEXTS);

    static List<String> all(RiskCategory c, RiskLevel l) {
        return TEXTS.replies().get(c).get(l);
    }

    static String joined(RiskCategory c, RiskLevel l) {
        return String.join(" ", all(c, l));
    }

    @Test
    void everyCategoryAndLevelHasGsm7SmsSizedTexts() {
        for (RiskCategory c : RiskCategory.values()) {
            for (RiskLevel l : List.of(RiskLevel.URGENT, RiskLevel.EMERGENCY)) {
                assertThat(all(c, l)).as("%s %s", c, l).isNotEmpty();
                for (String m : all(c, l)) {
                    assertThat(Gsm7.firstUnencodable(m)).as("GSM-7: %s", m).isEqualTo(-1);
                    assertThat(Gsm7.septets(m)).as("SMS sized: %s", m).isBetween(1, 306);
                }
            }
        }
    }

    @Test
    void everyEmergencyTextSendsToNineNineNine() {
        for (RiskCategory c : RiskCategory.values()) {
            assertThat(joined(c, RiskLevel.EMERGENCY)).as("%s emergency", c).contains("999");
        }
        assertThat(joined(RiskCategory.SUICIDE_SELF_HARM, RiskLevel.EMERGENCY)).contains("A&E");
    }

    @Test
    void urgentTextsAlsoSayWhenToCall999() {
        for (RiskCategory c : RiskCategory.values()) {
            assertThat(joined(c, RiskLevel.URGENT)).as("%s urgent", c).contains("999");
        }
    }

    @Test
    void urgentMentalHealthTextsGiveNhs111OptionTwo() {
        for (RiskCategory c : List.of(RiskCategory.SUICIDE_SELF_HARM, RiskCategory.HARM_TO_OTHERS)) {
            assertThat(joined(c, RiskLevel.URGENT)).as("%s urgent", c).contains("111").contains("option 2");
        }
        assertThat(joined(RiskCategory.MEDICAL_EMERGENCY, RiskLevel.URGENT)).contains("111");
    }

    @Test
    void samaritansIsAlwaysCalledNeverTexted() {
        Pattern textSamaritans = Pattern.compile("(?i)text[^.]*116 123|116 123[^.]*\\btext\\b(?! SHOUT)");
        int mentions = 0;
        for (String m : everyMessage()) {
            if (m.contains("116 123")) {
                mentions++;
                assertThat(m).as("Samaritans is a call: %s", m).containsIgnoringCase("call");
                assertThat(textSamaritans.matcher(m).find()).as("never 'text' Samaritans: %s", m).isFalse();
            }
        }
        assertThat(mentions).isGreaterThanOrEqualTo(3);
        assertThat(joined(RiskCategory.SUICIDE_SELF_HARM, RiskLevel.URGENT)).contains("116 123");
    }

    @Test
    void shoutIsTextedTo85258() {
        for (String m : everyMessage()) {
            if (m.contains("SHOUT") || m.contains("85258")) {
                assertThat(m).contains("text SHOUT to 85258");
            }
        }
        assertThat(joined(RiskCategory.SUICIDE_SELF_HARM, RiskLevel.URGENT)).contains("text SHOUT to 85258");
    }

    @Test
    void abuseTextsGiveTheDomesticAbuseHelplineAndChildline() {
        for (RiskLevel l : List.of(RiskLevel.URGENT, RiskLevel.EMERGENCY)) {
            assertThat(joined(RiskCategory.ABUSE_SAFEGUARDING, l)).contains("0808 2000 247").contains("0800 1111");
        }
        assertThat(joined(RiskCategory.ABUSE_SAFEGUARDING, RiskLevel.EMERGENCY)).contains("999");
        assertThat(String.join(" ", TEXTS.under19())).contains("Childline").contains("0800 1111");
    }

    @Test
    void noTextPromisesThatSomeoneWillReplyAtOnce() {
        for (RiskCategory c : RiskCategory.values()) {
            for (RiskLevel l : List.of(RiskLevel.URGENT, RiskLevel.EMERGENCY)) {
                assertThat(joined(c, l)).as("%s %s", c, l).contains("may not");
            }
        }
    }

    @Test
    void replyIsTheTextsForTheCategoryAndLevel() {
        Risk risk = new Risk(RiskLevel.EMERGENCY, RiskCategory.MEDICAL_EMERGENCY, "not breathing");
        assertThat(REPLIES.reply(risk)).isEqualTo(all(RiskCategory.MEDICAL_EMERGENCY, RiskLevel.EMERGENCY));
        assertThat(REPLIES.reply(Risk.NONE)).isEmpty();
    }

    @Test
    void anAgeUnder19AddsChildlineToAReplyThatLacksIt() {
        Risk adult = new Risk(RiskLevel.URGENT, RiskCategory.SUICIDE_SELF_HARM, "want to die");
        Risk young = new Risk(RiskLevel.URGENT, RiskCategory.SUICIDE_SELF_HARM,
                "want to die" + LayeredRiskDetector.UNDER_19);
        assertThat(String.join(" ", REPLIES.reply(adult))).doesNotContain("0800 1111");
        assertThat(String.join(" ", REPLIES.reply(young))).contains("0800 1111");
        Risk youngAbuse = new Risk(RiskLevel.URGENT, RiskCategory.ABUSE_SAFEGUARDING,
                "hits me" + LayeredRiskDetector.UNDER_19);
        assertThat(String.join(" ", REPLIES.reply(youngAbuse)).split("0800 1111", -1)).hasSize(2);
    }

    @Test
    void detectedAgeFlowsFromTheDetectorToTheReply() {
        Risk risk = RiskDetectorBehaviourTest.DETECTOR.assess("Im 15 and i want to die");
        assertThat(risk.cue()).endsWith(LayeredRiskDetector.UNDER_19);
        assertThat(String.join(" ", REPLIES.reply(risk))).contains("Childline").contains("0800 1111");
    }

    @Test
    void stayingWithThePatientStartsByAskingIfTheyAreSafeAndRepeatsTheLastLine() {
        assertThat(REPLIES.stayWithPatient(0)).contains("safe right now");
        List<String> lines = TEXTS.stayWithPatient();
        assertThat(REPLIES.stayWithPatient(lines.size() + 5)).isEqualTo(lines.get(lines.size() - 1));
        assertThat(REPLIES.stayWithPatient(-1)).isEqualTo(lines.get(0));
        for (String line : lines) {
            assertThat(Gsm7.firstUnencodable(line)).isEqualTo(-1);
            assertThat(Gsm7.septets(line)).isLessThanOrEqualTo(306);
        }
    }

    @Test
    void unknownKeysAreRefusedNamingTheLine() {
        String yaml = shipped().replace("under_19:", "under19:");
        int line = lineOf(yaml, "under19:");
        assertThatThrownBy(() -> CrisisTexts.parse(yaml, "safety.yaml"))
                .hasMessageContaining("safety.yaml line " + line).hasMessageContaining("unknown key 'under19'");
        String level = shipped().replaceFirst("    urgent:", "    urgnt:");
        assertThatThrownBy(() -> CrisisTexts.parse(level, "safety.yaml"))
                .hasMessageContaining("line " + lineOf(level, "urgnt:")).hasMessageContaining("unknown level 'urgnt'");
        String category = shipped().replace("  harm_to_others:", "  harm_to_other:");
        assertThatThrownBy(() -> CrisisTexts.parse(category, "safety.yaml"))
                .hasMessageContaining("unknown risk category 'harm_to_other'");
    }

    @Test
    void aMissingCategoryOrLevelIsRefused() {
        String noUrgent = shipped().replaceFirst("(?s)    urgent:\\n(      - [^\\n]*\\n)+", "");
        assertThatThrownBy(() -> CrisisTexts.parse(noUrgent, "safety.yaml")).hasMessageContaining("has no 'urgent' text");
        String noMedical = shipped().replaceFirst("(?s)  medical_emergency:.*?(?=# Added)", "");
        assertThatThrownBy(() -> CrisisTexts.parse(noMedical, "safety.yaml"))
                .hasMessageContaining("no texts for 'medical_emergency'");
    }

    @Test
    void curlyQuotesEmojiAndOverlongTextsAreRefused() {
        String curly = shipped().replace("I'm really worried", "I\u2019m really worried");
        assertThatThrownBy(() -> CrisisTexts.parse(curly, "safety.yaml"))
                .hasMessageContaining("line " + lineOf(curly, "I\u2019m really")).hasMessageContaining("U+2019");
        String emoji = shipped().replace("Are you safe right now?", "Are you safe right now? \uD83D\uDE4F");
        assertThatThrownBy(() -> CrisisTexts.parse(emoji, "safety.yaml")).hasMessageContaining("not GSM-7");
        String longText = shipped().replace("Are you safe right now?", "Are you safe right now? " + "x".repeat(290));
        assertThatThrownBy(() -> CrisisTexts.parse(longText, "safety.yaml")).hasMessageContaining("over the SMS limit");
    }

    @Test
    void theDialogsDirectoryIsReadFromTheFilesystemFirst(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("safety.yaml"), shipped().replace("Are you safe right now?", "Are you safe?"));
        assertThat(new YamlCrisisReplies(dir.toString(), new org.waymark.locale.Locales("dialogs")).stayWithPatient(0)).isEqualTo("Are you safe?");
    }

    @Test
    void withoutAFileItFallsBackToTheClasspathCopyOrRefusesToStart(@TempDir Path empty) {
        if (getClass().getClassLoader().getResource(CrisisTexts.CLASSPATH_FILE) != null) {
            assertThat(CrisisTexts.load(empty).stayWithPatient()).isNotEmpty();
        } else {
            assertThatThrownBy(() -> CrisisTexts.load(empty)).hasMessageContaining("no crisis texts")
                    .hasMessageContaining("classpath:dialogs/safety.yaml");
        }
    }

    static List<String> everyMessage() {
        List<String> all = new java.util.ArrayList<>();
        TEXTS.replies().values().forEach(levels -> levels.values().forEach(all::addAll));
        all.addAll(TEXTS.under19());
        all.addAll(TEXTS.stayWithPatient());
        return all;
    }

    static String shipped() {
        try {
            return Files.readString(DIALOGS.resolve("safety.yaml"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}
