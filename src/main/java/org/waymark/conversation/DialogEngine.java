package org.waymark.conversation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.guard.Guard;
import org.springframework.statemachine.support.DefaultStateMachineContext;

import org.waymark.conversation.DialogDefinition.StateDef;
import org.waymark.conversation.DialogDefinition.TransitionDef;

/**
 * Compiles a {@link DialogDefinition} into a Spring Statemachine once, and runs one step per patient message: reset
 * a pooled machine to the session's state, send the event, read the state reached. No machine is kept per patient.
 * This is the only class that imports Spring Statemachine (upstream is in maintenance mode).
 */
final class DialogEngine {
    private static final String CONDITION_HEADER = "waymark.condition";
    private static final String TAKEN_HEADER = "waymark.taken";

    private final DialogDefinition definition;
    private final ConcurrentLinkedQueue<StateMachine<String, String>> pool = new ConcurrentLinkedQueue<>();

    DialogEngine(DialogDefinition definition) {
        this.definition = definition;
        pool.add(build()); // fail now, at start-up, if the machine cannot be built
    }

    DialogDefinition definition() {
        return definition;
    }

    /** What one step did: the state reached and the transition taken (null when none matched). */
    record Step(String state, TransitionDef taken) {
        boolean moved() {
            return taken != null;
        }
    }

    /**
     * Sends {@code event} to a machine reset to {@code state}; {@code condition} decides whether a transition's
     * {@code if} holds. A guard that says no still leaves the machine "accepted", so the state reached and the
     * transition recorded by the guard are read back rather than trusting the result.
     */
    Step step(String state, String event, Predicate<TransitionDef> condition) {
        StateMachine<String, String> machine = pool.poll();
        if (machine == null) {
            machine = build();
        }
        try {
            machine.stopReactively().block();
            machine.getStateMachineAccessor().doWithAllRegions(access -> access.resetStateMachineReactively(
                    new DefaultStateMachineContext<>(state, null, null, null)).block());
            machine.startReactively().block();
            TransitionDef[] taken = new TransitionDef[1];
            Message<String> message = MessageBuilder.withPayload(event)
                    .setHeader(CONDITION_HEADER, condition)
                    .setHeader(TAKEN_HEADER, taken)
                    .build();
            machine.sendEvent(reactor.core.publisher.Mono.just(message)).blockLast();
            String reached = machine.getState().getId();
            return new Step(reached, taken[0]);
        } finally {
            pool.offer(machine);
        }
    }

    private StateMachine<String, String> build() {
        try {
            StateMachineBuilder.Builder<String, String> builder = StateMachineBuilder.builder();
            builder.configureConfiguration().withConfiguration().autoStartup(false);
            Set<String> names = new LinkedHashSet<>(definition.states().keySet());
            builder.configureStates().withStates().initial(definition.initial()).states(names);
            var transitions = builder.configureTransitions();
            for (StateDef state : definition.states().values()) {
                List<TransitionDef> all = new ArrayList<>();
                if (state.global()) {
                    all.addAll(definition.global()); // keywords first: STOP or PERSON always win
                }
                all.addAll(state.on());
                for (TransitionDef t : all) {
                    for (String intent : t.intents()) {
                        Guard<String, String> guard = guardFor(t);
                        if (t.target() == null) {
                            transitions.withInternal().source(state.name()).event(intent).guard(guard);
                        } else {
                            transitions.withExternal().source(state.name()).target(t.target()).event(intent)
                                    .guard(guard);
                        }
                    }
                }
            }
            return builder.build();
        } catch (Exception e) {
            throw new DialogException(definition.file(), 1, "cannot be compiled into a state machine: " + e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Guard<String, String> guardFor(TransitionDef t) {
        return context -> {
            Predicate<TransitionDef> condition = (Predicate<TransitionDef>) context.getMessageHeader(CONDITION_HEADER);
            TransitionDef[] taken = (TransitionDef[]) context.getMessageHeader(TAKEN_HEADER);
            if (taken == null) {
                return false;
            }
            if (taken[0] != null) {
                return taken[0] == t; // one transition per step, even if a guard is asked twice
            }
            if (condition == null || condition.test(t)) {
                taken[0] = t;
                return true;
            }
            return false;
        };
    }

}
