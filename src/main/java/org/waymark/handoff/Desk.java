package org.waymark.handoff;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import org.waymark.messaging.OutboundMessage;

/**
 * The rules for what a link worker may do with a handoff, the same for the JSON API and the dashboard: one
 * claim wins, only the worker who has a conversation replies in it, and a closed one stays closed.
 */
@Component
class Desk {
    static final int MAX_REPLY = 1000;
    static final int MAX_NOTE = 2000;

    private final Handoffs handoffs;

    Desk(Handoffs handoffs) {
        this.handoffs = handoffs;
    }

    Handoff find(String id) {
        return handoffs.find(id).orElseThrow(() -> Refusal.notFound(id));
    }

    Handoff claim(String id, String worker) {
        Handoffs.ClaimResult result = handoffs.claim(id, worker);
        if (result instanceof Handoffs.ClaimResult.Claimed c) {
            return c.handoff();
        }
        if (result instanceof Handoffs.ClaimResult.AlreadyClaimed a) {
            throw new Refusal(HttpStatus.CONFLICT, "This conversation has already been claimed"
                    + (a.by() == null ? "." : " by " + a.by() + "."));
        }
        throw Refusal.notFound(id);
    }

    /** Checks a reply without sending it; empty when it may go. */
    static String replyProblem(String text) {
        if (text == null || text.isBlank()) {
            return "Enter a reply to send to the patient.";
        }
        if (text.strip().codePointCount(0, text.strip().length()) > MAX_REPLY) {
            return "The reply must be " + MAX_REPLY + " characters or fewer.";
        }
        return "";
    }

    OutboundMessage reply(String id, String worker, String rawText) {
        Handoff h = find(id);
        String problem = replyProblem(rawText);
        if (!problem.isEmpty()) {
            throw new Refusal(rawText == null || rawText.isBlank() ? HttpStatus.BAD_REQUEST
                    : HttpStatus.CONTENT_TOO_LARGE, problem);
        }
        if (!h.open()) {
            throw new Refusal(HttpStatus.CONFLICT, "This conversation is closed.");
        }
        if (h.status() == HandoffStatus.CLAIMED && !worker.equals(h.assignee())) {
            throw new Refusal(HttpStatus.CONFLICT, "This conversation is claimed by " + h.assignee() + ".");
        }
        if (h.status() == HandoffStatus.WAITING
                && handoffs.claim(id, worker) instanceof Handoffs.ClaimResult.AlreadyClaimed a) {
            // Replying to a waiting conversation claims it, so two workers never talk over each other.
            throw new Refusal(HttpStatus.CONFLICT, "This conversation was just claimed by " + a.by() + ".");
        }
        return handoffs.reply(id, worker, rawText.strip());
    }

    static String closeProblem(String outcome, String note) {
        if (outcome == null || !Handoffs.outcomes().contains(outcome)) {
            return "Select what happened: " + String.join(", ", Handoffs.OUTCOMES.values()).toLowerCase() + ".";
        }
        if (note != null && note.strip().length() > MAX_NOTE) {
            return "The note must be " + MAX_NOTE + " characters or fewer.";
        }
        return "";
    }

    Handoff close(String id, String worker, String outcome, String note, boolean handBack) {
        Handoff h = find(id);
        if (outcome == null || !Handoffs.outcomes().contains(outcome)) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "outcome must be one of " + Handoffs.outcomes().stream()
                    .toList());
        }
        String problem = closeProblem(outcome, note);
        if (!problem.isEmpty()) {
            throw new Refusal(HttpStatus.CONTENT_TOO_LARGE, problem);
        }
        if (!h.open()) {
            throw new Refusal(HttpStatus.CONFLICT, "This conversation is already closed.");
        }
        String clean = note == null || note.isBlank() ? null : note.strip();
        return handoffs.close(id, worker, outcome, clean, handBack);
    }
}
