package org.waymark.conversation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.guard.Guard;
import org.springframework.statemachine.support.DefaultStateMachineContext;

import reactor.core.publisher.Mono;

import org.waymark.conversation.DialogDefinition.StateDef;
import org.waymark.conversation.DialogDefinition.TransitionDef;

/**
 * Compiles a {@link DialogDefinition} into Spring Statemachines and runs one step per patient message: take a
 * pooled machine standing in the session's state, send the event, read the state reached. No machine is kept per
 * patient.
 *
 * <p>Machines are pooled by the state they stand in: after a step the machine goes back to the pool of the state it
 * reached, so the next step from that state (any patient's) sends its event straight away. Only when no machine
 * stands in the state wanted is another one (a failed step's, else any state's) reset to it, and only when every
 * machine is busy is a new one built, so there are never more machines than steps ever ran at once. A reset sets the
 * running machine's current state and nothing else: Spring Statemachine's stop and start around it cost three times
 * a step and do nothing for these machines, which are flat and have no actions, timers or triggerless transitions.
 * Machines hold no per-patient data (no extended state, no actions), so which patient last used one does not
 * matter.
 * This is the only class that imports Spring Statemachine (upstream is in maintenance mode).
 */
final class DialogEngine {
    private static final String CONDITION_HEADER = "waymark.condition";
    private static final String TAKEN_HEADER = "waymark.taken";

    private final DialogDefinition definition;
    /** Started machines by the state each stands in. */
    private final Map<String, ConcurrentLinkedQueue<StateMachine<String, String>>> pools = new ConcurrentHashMap<>();
    /** Machines whose last step failed, so the state they stand in is not known. */
    private final ConcurrentLinkedQueue<StateMachine<String, String>> spare = new ConcurrentLinkedQueue<>();
    /** Machines in the pools or the spares, or on their way in or out: at least as many as the queues hold. */
    private final AtomicInteger idle = new AtomicInteger();

    DialogEngine(DialogDefinition definition) {
        this.definition = definition;
        for (String state : definition.states().keySet()) {
            pools.put(state, new ConcurrentLinkedQueue<>());
        }
        release(build(), null); // fail now, at start-up, if the machine cannot be built
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
        StateMachine<String, String> machine = machineIn(state);
        String reached = null;
        try {
            TransitionDef[] taken = new TransitionDef[1];
            Message<String> message = MessageBuilder.withPayload(event)
                    .setHeader(CONDITION_HEADER, condition)
                    .setHeader(TAKEN_HEADER, taken)
                    .build();
            machine.sendEvent(Mono.just(message)).blockLast();
            reached = machine.getState().getId();
            return new Step(reached, taken[0]);
        } finally {
            release(machine, reached);
        }
    }

    /** A started machine standing in {@code state}: a pooled one if any, else another (or a new) one reset to it. */
    private StateMachine<String, String> machineIn(String state) {
        ConcurrentLinkedQueue<StateMachine<String, String>> pool = pools.get(state);
        StateMachine<String, String> machine = pool == null ? null : pool.poll();
        if (machine != null) {
            idle.decrementAndGet();
            return machine;
        }
        while (machine == null) {
            machine = anyIdle();
            if (machine != null) {
                idle.decrementAndGet();
            } else if (idle.get() <= 0) {
                machine = build(); // every machine is in a step now
            } else {
                Thread.yield(); // one is being released (or was just taken): it shows in a moment
            }
        }
        machine.getStateMachineAccessor().doWithAllRegions(access -> access.resetStateMachineReactively(
                new DefaultStateMachineContext<>(state, null, null, null)).block());
        return machine;
    }

    private StateMachine<String, String> anyIdle() {
        StateMachine<String, String> machine = spare.poll();
        if (machine == null) {
            for (ConcurrentLinkedQueue<StateMachine<String, String>> other : pools.values()) {
                machine = other.poll();
                if (machine != null) {
                    break;
                }
            }
        }
        return machine;
    }

    /**
     * Back to the pool of the state it reached; after a failure (state unknown) to the spares, to be reset. Counted
     * as idle before it is offered, so a step that finds no machine builds one only when every machine is in a step.
     */
    private void release(StateMachine<String, String> machine, String reached) {
        ConcurrentLinkedQueue<StateMachine<String, String>> pool = reached == null ? null : pools.get(reached);
        idle.incrementAndGet();
        (pool != null ? pool : spare).offer(machine);
    }

    /** How many machines exist (all idle between steps), for tests: never more than steps ever ran at once. */
    int machines() {
        return spare.size() + pools.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum();
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
                        List<TransitionDef> rivals = all.stream().filter(r -> r.intents().contains(intent)).toList();
                        Guard<String, String> guard = guardFor(t, rivals);
                        if (t.target() == null) {
                            transitions.withInternal().source(state.name()).event(intent).guard(guard);
                        } else {
                            transitions.withExternal().source(state.name()).target(t.target()).event(intent)
                                    .guard(guard);
                        }
                    }
                }
            }
            StateMachine<String, String> machine = builder.build();
            machine.startReactively().block();
            return machine;
        } catch (Exception e) {
            throw new DialogException(definition.file(), 1, "cannot be compiled into a state machine: " + e);
        }
    }

    /**
     * Spring Statemachine does not promise to try transitions in the order they were configured, so each guard
     * itself lets through only the first transition, in the file's order, among those for the same state and
     * event whose condition holds.
     */
    @SuppressWarnings("unchecked")
    private static Guard<String, String> guardFor(TransitionDef t, List<TransitionDef> rivalsInOrder) {
        return context -> {
            Predicate<TransitionDef> condition = (Predicate<TransitionDef>) context.getMessageHeader(CONDITION_HEADER);
            TransitionDef[] taken = (TransitionDef[]) context.getMessageHeader(TAKEN_HEADER);
            if (taken == null) {
                return false;
            }
            if (taken[0] == null) {
                for (TransitionDef rival : rivalsInOrder) {
                    if (condition == null || condition.test(rival)) {
                        taken[0] = rival;
                        break;
                    }
                }
            }
            return taken[0] == t;
        };
    }

}
