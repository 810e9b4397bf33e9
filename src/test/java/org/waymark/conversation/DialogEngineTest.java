package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.waymark.conversation.DialogDefinition.TransitionDef;
import org.waymark.nlu.Intents;

/**
 * The engine pools machines by the state they stand in. Whatever machine a step gets, and whatever other patients
 * did with it before, the step must do exactly what a machine built for that step alone (one whose initial state is
 * the step's state, so it is never reset) does.
 */
class DialogEngineTest {

    private static DialogDefinition dialog() throws IOException {
        return DialogLoader.load("dialogs/self-referral.yaml",
                Files.readString(Path.of("dialogs/self-referral.yaml"), StandardCharsets.UTF_8), Intents.ALL);
    }

    /** The same dialog with {@code state} as its initial state: its machine starts there, no reset needed. */
    private static DialogDefinition startingIn(DialogDefinition d, String state) {
        return new DialogDefinition(d.file(), d.name(), state, d.entries(), d.global(), d.states(), d.messages());
    }

    @Test
    void pooledStepsMatchAFreshMachineForEveryStateEventAndCondition() throws IOException {
        DialogDefinition dialog = dialog();
        DialogEngine pooled = new DialogEngine(dialog);
        List<String> states = new ArrayList<>(dialog.states().keySet());
        List<String> events = new ArrayList<>(Intents.ALL);
        events.add("no_such_event");
        Random random = new Random(42);
        int moved = 0;
        for (int i = 0; i < 400; i++) {
            String state = states.get(random.nextInt(states.size()));
            String event = events.get(random.nextInt(events.size()));
            int seed = random.nextInt();
            // a condition that holds for some transitions and not others, the same for both engines
            Predicate<TransitionDef> condition = t -> t.condition() == null || ((t.id() + seed).hashCode() & 1) == 0;

            DialogEngine.Step got = pooled.step(state, event, condition);
            DialogEngine.Step expected = new DialogEngine(startingIn(dialog, state)).step(state, event, condition);

            assertThat(got).as("%s --%s-->", state, event).isEqualTo(expected);
            moved += got.moved() ? 1 : 0;
        }
        assertThat(moved).as("the walk must take transitions, not just stand still").isGreaterThan(50);
        assertThat(pooled.machines()).as("one step at a time needs one machine, whatever states it walked")
                .isEqualTo(1);
    }

    @Test
    void neverMoreMachinesThanStepsRunAtOnce() throws Exception {
        DialogDefinition dialog = dialog();
        DialogEngine engine = new DialogEngine(dialog);
        List<String> states = new ArrayList<>(dialog.states().keySet());
        int threads = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 5000; i++) {
                        String state = states.get(random.nextInt(states.size()));
                        engine.step(state, "affirm", x -> true);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(engine.machines()).isBetween(1, threads);
    }

    @Test
    void aConditionThatThrowsLeavesTheStateAndTheNextStepFromThereStillWorks() throws IOException {
        DialogDefinition dialog = dialog();
        DialogEngine engine = new DialogEngine(dialog);
        String state = dialog.initial();
        String event = dialog.states().get(state).on().get(0).intents().get(0);

        DialogEngine.Step failed = engine.step(state, event, t -> {
            throw new IllegalStateException("boom");
        });
        DialogEngine.Step after = engine.step(state, event, t -> true);

        assertThat(failed.moved()).isFalse();
        assertThat(failed.state()).isEqualTo(state);
        assertThat(after).isEqualTo(new DialogEngine(dialog).step(state, event, t -> true));
    }
}
