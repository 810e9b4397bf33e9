package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.waymark.nlu.Intents;

class DialogLoaderTest {
    private static final String GOOD = """
            dialog: tiny
            initial: hello
            global:
              - intent: stop
                to: stopped
            states:
              hello:
                say: [hi]
                on:
                  - intent: affirm
                    to: asked
                  - intent: inform
                    if: needs
                    set: needs
                    to: asked
              asked:
                say: [hi]
                on:
                  - intent: help
                    say: [hi]
              stopped:
                global: false
                say: [hi]
            messages:
              hi:
                text: "Hello from {practice}"
            """;

    private static DialogDefinition load(String yaml) {
        return DialogLoader.load("dialogs/test.yaml", yaml, Intents.ALL);
    }

    @Test
    void theShippedDialogLoads() throws Exception {
        DialogDefinition d = DialogLoader.load("dialogs/self-referral.yaml",
                Files.readString(Path.of("dialogs/self-referral.yaml")), Intents.ALL);
        assertThat(d.states()).containsKeys("consent", "ask_matters", "confirm_needs", "ask_postcode",
                "ask_preferences", "suggest", "details", "with_worker", "stopped", "closing");
        assertThat(d.initial()).isEqualTo("consent");
    }

    @Test
    void eachLanguageHasEveryMessageWithItsOptionsAndPlaceholders() throws Exception {
        String english = Files.readString(Path.of("dialogs/self-referral.yaml"));
        String bengali = Files.readString(Path.of("dialogs/bn/self-referral.yaml"));
        Map<String, DialogDefinition.MessageDef> bn = DialogLoader.loadTranslation("dialogs/bn/self-referral.yaml",
                bengali, "dialogs/self-referral.yaml", english);
        DialogDefinition d = DialogLoader.load("dialogs/self-referral.yaml", english, Intents.ALL);
        assertThat(bn.keySet()).containsExactlyInAnyOrderElementsOf(d.messages().keySet());
        assertThat(bn.get("needs_menu").options()).hasSameSizeAs(d.message("needs_menu").options());
        assertThat(bn.get("welcome").sms()).contains("{practice}");
    }

    @Test
    void aTranslationThatLostAMessageOrAnOptionIsRefusedAtItsLine() throws Exception {
        String english = Files.readString(Path.of("dialogs/self-referral.yaml"));
        String bengali = Files.readString(Path.of("dialogs/bn/self-referral.yaml"));
        String noForgotten = bengali.replaceFirst("(?m)^  forgotten:\n(    .*\n)+", "");
        assertThatThrownBy(() -> DialogLoader.loadTranslation("dialogs/bn/self-referral.yaml", noForgotten,
                "dialogs/self-referral.yaml", english))
                .isInstanceOf(DialogException.class).hasMessageContaining("missing key 'forgotten'");
        String menuLine = bengali.lines().filter(l -> l.contains("options:") && l.split(",").length == 12)
                .findFirst().orElseThrow();
        String shortMenu = bengali.replace(menuLine, menuLine.substring(0, menuLine.lastIndexOf(',')) + "]");
        int line = (int) bengali.lines().takeWhile(l -> !l.equals(menuLine)).count() + 1;
        assertThatThrownBy(() -> DialogLoader.loadTranslation("dialogs/bn/self-referral.yaml", shortMenu,
                "dialogs/self-referral.yaml", english))
                .isInstanceOf(DialogException.class)
                .hasMessageContaining("dialogs/bn/self-referral.yaml:" + line)
                .hasMessageContaining("has 11 items; English has 12");
    }

    @Test
    void aWellFormedDialogLoads() {
        DialogDefinition d = load(GOOD);
        assertThat(d.state("hello").on()).hasSize(2);
        assertThat(d.state("hello").on().get(1).condition()).isEqualTo("needs");
        assertThat(d.state("asked").on().get(0).target()).isNull();
    }

    @Test
    void aStateTheAppEntersItselfIsReachableAsAnEntryAndAMissingEntryIsRefused() {
        String orphan = GOOD.replace("  stopped:\n", "  orphan:\n    say: [hi]\n  stopped:\n");
        assertThat(load(orphan.replace("initial: hello\n", "initial: hello\nentries: [orphan]\n")).entries())
                .containsExactly("orphan");
        assertThatThrownBy(() -> load(GOOD.replace("initial: hello\n", "initial: hello\nentries: [nowhere]\n")))
                .isInstanceOf(DialogException.class).hasMessageContaining("entry state 'nowhere' is not defined");
    }

    @Test
    void theShippedDialogHasTheFollowUpAndWellbeingStates() throws Exception {
        DialogDefinition d = DialogLoader.load("dialogs/self-referral.yaml",
                Files.readString(Path.of("dialogs/self-referral.yaml")), Intents.ALL);
        assertThat(d.entries()).containsExactly(ConversationService.FOLLOW_UP_STATE);
        assertThat(d.states()).containsKeys("followup_went", "followup_done", "ons4_life", "ons4_worthwhile",
                "ons4_happy", "ons4_anxious", "ons4_done");
    }

    @Test
    void anUnreachableStateIsRefusedWithItsLine() {
        String yaml = GOOD.replace("  stopped:\n", "  orphan:\n    say: [hi]\n  stopped:\n");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(DialogException.class)
                .hasMessageContaining("dialogs/test.yaml:21:").hasMessageContaining("'orphan' cannot be reached");
    }

    @Test
    void aMissingTargetIsRefusedWithItsLine() {
        String yaml = GOOD.replace("to: asked\n      - intent: inform", "to: nowhere\n      - intent: inform");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(DialogException.class)
                .hasMessageContaining("dialogs/test.yaml:10:").hasMessageContaining("'nowhere', which is not defined");
    }

    @Test
    void anUnknownIntentIsRefusedWithItsLine() {
        String yaml = GOOD.replace("intent: affirm", "intent: affirmative");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(DialogException.class)
                .hasMessageContaining("dialogs/test.yaml:10:").hasMessageContaining("unknown intent 'affirmative'");
    }

    @Test
    void unknownKeysMessagesConditionsAndPlaceholdersAreRefused() {
        assertThatThrownBy(() -> load(GOOD.replace("  hello:\n    say: [hi]", "  hello:\n    sya: [hi]")))
                .hasMessageContaining("unknown key 'sya'");
        assertThatThrownBy(() -> load(GOOD.replace("if: needs", "if: feelings")))
                .hasMessageContaining("unknown condition 'feelings'");
        assertThatThrownBy(() -> load(GOOD.replace("      - intent: help\n        say: [hi]", "      - intent: help\n        say: [bye]")))
                .hasMessageContaining("message 'bye' is not defined");
        assertThatThrownBy(() -> load(GOOD.replace("{practice}", "{patient_name}")))
                .hasMessageContaining("unknown placeholder {patient_name}");
    }

    @Test
    void aWayToEndTheConversationWithoutAskingFirstIsRefused() {
        String ending = GOOD.replace("  stopped:\n    global: false\n", "  stopped:\n    global: false\n    do: [stop]\n");
        assertThatThrownBy(() -> load(ending)).isInstanceOf(DialogException.class)
                .hasMessageContaining("dialogs/test.yaml:4:").hasMessageContaining("without asking first");
        String asks = ending.replace("""
                  - intent: stop
                    to: stopped
                """, """
                  - intent: affirm
                    if: stop_asked
                    to: stopped
                  - intent: stop
                    set: stop_asked
                    say: [hi]
                """);
        assertThat(load(asks).global()).hasSize(2);
        assertThatThrownBy(() -> load(asks.replace("intent: affirm\n    if: stop_asked", "intent: [affirm, stop]\n"
                + "    if: stop_asked"))).hasMessageContaining("without asking first");
    }

    @Test
    void textsThatSmsCannotSendPlainlyAreRefused() {
        assertThatThrownBy(() -> load(GOOD.replace("Hello from", "Hello \u201cfriend\u201d from")))
                .hasMessageContaining("character SMS cannot send plainly");
    }

    @Test
    void notYamlIsRefusedClearly() {
        assertThatThrownBy(() -> load("dialog: [unclosed")).isInstanceOf(DialogException.class)
                .hasMessageContaining("dialogs/test.yaml:1: not valid YAML");
    }

    @Test
    void theEngineFollowsGuardsAndReportsWhenNothingMatched() {
        DialogEngine engine = new DialogEngine(load(GOOD));
        DialogEngine.Step guarded = engine.step("hello", "inform", t -> false);
        assertThat(guarded.moved()).isFalse();
        assertThat(guarded.state()).isEqualTo("hello");

        DialogEngine.Step moved = engine.step("hello", "inform", t -> true);
        assertThat(moved.moved()).isTrue();
        assertThat(moved.state()).isEqualTo("asked");

        DialogEngine.Step internal = engine.step("asked", "help", t -> true);
        assertThat(internal.moved()).isTrue();
        assertThat(internal.taken().target()).isNull();
        assertThat(internal.state()).isEqualTo("asked");

        assertThat(engine.step("asked", "stop", t -> true).state()).isEqualTo("stopped");
        assertThat(engine.step("stopped", "stop", t -> true).moved()).isFalse();
        assertThat(engine.step("hello", "goodbye", t -> true).moved()).isFalse();
    }

    @Test
    void theFirstTransitionWhoseConditionHoldsWins() {
        String yaml = GOOD.replace("      - intent: affirm\n        to: asked\n",
                "      - intent: affirm\n        if: option\n        to: stopped\n      - intent: affirm\n        to: asked\n");
        DialogEngine engine = new DialogEngine(load(yaml));
        assertThat(engine.step("hello", "affirm", t -> "option".equals(t.condition())).state()).isEqualTo("stopped");
        assertThat(engine.step("hello", "affirm", t -> t.condition() == null).state()).isEqualTo("asked");
        assertThat(Set.of(engine.step("hello", "affirm", t -> true).state())).containsExactly("stopped");
    }
}
