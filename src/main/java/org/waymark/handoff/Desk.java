package org.waymark.handoff;

import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import org.waymark.accounts.WorkerAccounts;
import org.waymark.messaging.OutboundMessage;

/**
 * The rules for what a link worker may do with a handoff, the same for the JSON API and the dashboard: one
 * claim wins; only the worker who has claimed a conversation, or an administrator, replies in it or closes it; a
 * closed one stays closed, and of two closes at once exactly one goes through; nothing is sent to a patient who
 * asked for their data to be erased.
 */
@Component
class Desk {
    static final int MAX_REPLY = 1000;
    static final int MAX_NOTE = 2000;
    static final String ERASED_REPLY = "This patient asked for their data to be erased; your reply was not sent.";
    static final String ERASED = "This patient asked for their data to be erased; there is nothing left to do "
            + "in this conversation.";
    /** How often a close is tried again when the handoff changed under it (a claim, an escalation) first. */
    private static final int ATTEMPTS = 8;

    private final Handoffs handoffs;
    private final WorkerAccounts accounts;

    Desk(Handoffs handoffs, WorkerAccounts accounts) {
        this.handoffs = handoffs;
        this.accounts = accounts;
    }

    List<String> workers() {
        return accounts.names();
    }

    /** The languages a worker speaks besides English, as their account lists them. */
    List<String> languagesOf(String worker) {
        return accounts.languages(worker);
    }

    /** Who is acting: their user name, and whether they are an administrator. */
    record Worker(String name, boolean admin) {
        static Worker of(Authentication who) {
            return new Worker(who.getName(), who.getAuthorities().stream()
                    .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority())));
        }

        /** Whether this worker may reply in or close {@code h}: anyone while it waits, then its assignee or admins. */
        boolean mayAct(Handoff h) {
            return admin || h.status() != HandoffStatus.CLAIMED || name.equals(h.assignee());
        }
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
        if (result instanceof Handoffs.ClaimResult.Erased) {
            throw new Refusal(HttpStatus.GONE, ERASED);
        }
        throw Refusal.notFound(id);
    }

    /** Checks a reply without sending it; empty when it may go. */
    static String replyProblem(String text) {
        return textProblem(text, MAX_REPLY, "Enter a reply to send to the patient.", "reply");
    }

    /** What is wrong with a reply's or a note's words: none, or too many characters; empty when nothing is. */
    private static String textProblem(String text, int max, String empty, String what) {
        if (text == null || text.isBlank()) {
            return empty;
        }
        if (text.strip().codePointCount(0, text.strip().length()) > max) {
            return "The " + what + " must be " + max + " characters or fewer.";
        }
        return "";
    }

    /** The status a refused text is answered with: 400 when there is none, 413 when there is too much. */
    private static HttpStatus textStatus(String text) {
        return text == null || text.isBlank() ? HttpStatus.BAD_REQUEST : HttpStatus.CONTENT_TOO_LARGE;
    }

    OutboundMessage reply(String id, Worker worker, String rawText) {
        Handoff h = find(id);
        String problem = replyProblem(rawText);
        if (!problem.isEmpty()) {
            throw new Refusal(textStatus(rawText), problem);
        }
        refuse(h, worker, true);
        if (h.status() == HandoffStatus.WAITING) {
            // Replying to a waiting conversation claims it, so two workers never talk over each other.
            Handoffs.ClaimResult claim = handoffs.claim(id, worker.name());
            if (claim instanceof Handoffs.ClaimResult.Claimed c) {
                h = c.handoff();
            } else if (claim instanceof Handoffs.ClaimResult.AlreadyClaimed a && !worker.admin()) {
                throw new Refusal(HttpStatus.CONFLICT, "This conversation was just claimed by " + a.by() + ".");
            } else {
                h = find(id);
                refuse(h, worker, true);
            }
        }
        Optional<OutboundMessage> sent = handoffs.reply(h, worker.name(), rawText.strip());
        if (sent.isEmpty()) {
            // erased or closed in the moment since it was read: say which
            refuse(find(id), worker, true);
            throw new Refusal(HttpStatus.CONFLICT, "This conversation changed just now; your reply was not sent.");
        }
        return sent.get();
    }

    /** Refuses a reply to, or a close of, {@code h}: erased (410), closed (409), someone else's (403). */
    private static void refuse(Handoff h, Worker worker, boolean reply) {
        if (h.erased()) {
            throw new Refusal(HttpStatus.GONE, reply ? ERASED_REPLY : ERASED);
        }
        if (!h.open()) {
            throw new Refusal(HttpStatus.CONFLICT, reply ? "This conversation is closed; your reply was not sent."
                    : "This conversation is already closed.");
        }
        if (!worker.mayAct(h)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "Only " + h.assignee() + ", who has claimed this conversation, "
                    + "or an administrator can " + (reply ? "reply to" : "close") + " it.");
        }
    }

    /** Checks a note without adding it; empty when it may go in. */
    static String noteProblem(String text) {
        return textProblem(text, MAX_NOTE, "Enter the note.", "note");
    }

    /** An internal note, by any link worker, on any case but an erased one (open or closed). */
    ThreadEntry note(String id, Worker worker, String rawText) {
        Handoff h = find(id);
        String problem = noteProblem(rawText);
        if (!problem.isEmpty()) {
            throw new Refusal(textStatus(rawText), problem);
        }
        if (h.erased()) {
            throw new Refusal(HttpStatus.GONE, ERASED);
        }
        return handoffs.note(h, worker.name(), rawText.strip())
                .orElseThrow(() -> new Refusal(HttpStatus.GONE, ERASED));
    }

    /** Checks the name a case is to be given to; empty when it is a link worker's. */
    String assignProblem(String to) {
        if (to == null || to.isBlank()) {
            return "Select the link worker to give this conversation to.";
        }
        return accounts.find(to) == null ? "There is no link worker called " + to.strip() + "." : "";
    }

    /**
     * Gives a case to a named link worker: while it waits anyone may; once claimed, its assignee (a transfer) or an
     * administrator (who may take it over by giving it to themselves).
     */
    Handoff assign(String id, Worker worker, String rawTo) {
        find(id);
        String problem = assignProblem(rawTo);
        if (!problem.isEmpty()) {
            throw new Refusal(HttpStatus.BAD_REQUEST, problem);
        }
        String to = accounts.find(rawTo);
        return move(id, h -> {
            refuseChange(h, worker, "give it to someone else");
            if (to.equals(h.assignee())) {
                throw new Refusal(HttpStatus.CONFLICT, to + " already has this conversation.");
            }
            return handoffs.assign(handoffs.load(id).orElseThrow(() -> Refusal.notFound(id)), worker.name(), to);
        });
    }

    /** Puts a claimed case back in the queue: its assignee or an administrator. */
    Handoff release(String id, Worker worker) {
        find(id);
        return move(id, h -> {
            refuseChange(h, worker, "release it");
            if (h.status() != HandoffStatus.CLAIMED) {
                throw new Refusal(HttpStatus.CONFLICT, "No one has claimed this conversation, so there is nothing "
                        + "to release.");
            }
            return handoffs.release(handoffs.load(id).orElseThrow(() -> Refusal.notFound(id)), worker.name());
        });
    }

    /** Reopens a closed case (not an erased one); the worker who reopens it has it. */
    Handoff reopen(String id, Worker worker) {
        find(id);
        return move(id, h -> {
            if (h.erased()) {
                throw new Refusal(HttpStatus.GONE, ERASED);
            }
            if (h.open()) {
                throw new Refusal(HttpStatus.CONFLICT, "This conversation is not closed.");
            }
            return handoffs.reopen(handoffs.load(id).orElseThrow(() -> Refusal.notFound(id)), worker.name());
        });
    }

    /**
     * Tries a change of hands until it goes through on the record as read, or is refused; the check runs afresh on
     * each read, so a claim or close in between is seen.
     */
    private Handoff move(String id, java.util.function.Function<Handoff, Handoffs.Step> step) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Handoffs.Step s = step.apply(find(id));
            if (s.ok()) {
                return s.handoff();
            }
            if ("gone".equals(s.result())) {
                throw Refusal.notFound(id);
            }
            // changed or taken: someone else acted first; read it again and decide afresh
        }
        throw new Refusal(HttpStatus.CONFLICT, "This conversation kept changing; try again.");
    }

    /** Refuses a change of hands: erased (410), closed (409), someone else's (403). */
    private static void refuseChange(Handoff h, Worker worker, String what) {
        if (h.erased()) {
            throw new Refusal(HttpStatus.GONE, ERASED);
        }
        if (!h.open()) {
            throw new Refusal(HttpStatus.CONFLICT, "This conversation is closed; reopen it first.");
        }
        if (!worker.mayAct(h)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "Only " + h.assignee() + ", who has claimed this conversation, "
                    + "or an administrator can " + what + ".");
        }
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

    Handoff close(String id, Worker worker, String outcome, String note, boolean handBack) {
        find(id);
        if (outcome == null || !Handoffs.outcomes().contains(outcome)) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "outcome must be one of " + Handoffs.outcomes().stream()
                    .toList());
        }
        String problem = closeProblem(outcome, note);
        if (!problem.isEmpty()) {
            throw new Refusal(HttpStatus.CONTENT_TOO_LARGE, problem);
        }
        String clean = note == null || note.isBlank() ? null : note.strip();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Handoffs.Stored read = handoffs.load(id).orElseThrow(() -> Refusal.notFound(id));
            refuse(read.handoff(), worker, false);
            Handoffs.CloseResult result = handoffs.close(read, worker.name(), outcome, clean, handBack);
            if (result instanceof Handoffs.CloseResult.Closed c) {
                return c.handoff();
            }
            if (result instanceof Handoffs.CloseResult.AlreadyClosed) {
                throw new Refusal(HttpStatus.CONFLICT, "This conversation is already closed.");
            }
            if (result instanceof Handoffs.CloseResult.NotFound) {
                throw Refusal.notFound(id);
            }
            // Changed: someone claimed, escalated, closed or erased it first; read it again and decide afresh
        }
        throw new Refusal(HttpStatus.CONFLICT, "This conversation kept changing while you closed it; try again.");
    }
}
