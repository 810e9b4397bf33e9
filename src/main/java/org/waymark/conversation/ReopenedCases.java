package org.waymark.conversation;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.waymark.handoff.HandoffEvents;

/**
 * A link worker reopened a closed case: the patient's conversation goes back to them, so what the patient writes
 * next reaches the worker's thread, not the bot. Only the patient's current session, and only when it is still the
 * one that opened the case or one the bot has (a newer handoff the patient is in keeps them).
 */
@Component
class ReopenedCases {
    private final SessionStore store;

    ReopenedCases(SessionStore store) {
        this.store = store;
    }

    @EventListener
    void onReopened(HandoffEvents.Reopened e) {
        store.find(e.channel(), e.address())
                .filter(s -> s.mode() == Session.Mode.BOT || e.handoffId().equals(s.handoffId()))
                .ifPresent(s -> store.save(s.withMode(Session.Mode.HUMAN, e.handoffId()), java.util.List.of()));
    }
}
