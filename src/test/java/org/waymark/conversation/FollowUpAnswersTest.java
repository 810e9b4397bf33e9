package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.waymark.nlu.IntentScore;
import org.waymark.nlu.Parse;

class FollowUpAnswersTest {
    static Parse parse(String text, String intent) {
        return new Parse(text, new IntentScore(intent, 0.9), List.of(), java.util.Set.of(), List.of());
    }

    @ParameterizedTest
    @CsvSource({"1,went", "yes I went,went", "'Yes, it was lovely',went", "2,not_yet", "not yet,not_yet",
            "going next week,not_yet", "3,did_not_go", "no,did_not_go", "I couldn't make it,did_not_go",
            "4,not_running", "It wasn't running,not_running", "I went but it was closed,not_running",
            "nobody was there,not_running", "they cancelled it,not_running"})
    void answersAreRead(String text, String outcome) {
        assertThat(FollowUpAnswers.outcome(text, parse(text, "inform"))).contains(outcome);
    }

    @ParameterizedTest
    @CsvSource({"7,7", "7/10,7", "about seven,7", "10,10", "0,0", "I'd say 3 out of 10,3", "7 - I think,7",
            "'Zero, not at all',0", "10!,10"})
    void scoresAreRead(String text, int score) {
        assertThat(FollowUpAnswers.score(text)).contains(score);
    }

    @ParameterizedTest
    @CsvSource({"11", "not sure", "3 or 4", "2.5", "-1", "minus one", "\u22121", "I'd say -2", "seven-ish", "7ish",
            "six and a half", "6-7", "100", "twelve"})
    void unclearScoresAreAskedAgain(String text) {
        assertThat(FollowUpAnswers.score(text)).isEqualTo(Optional.empty());
    }
}
