package org.waymark.handoff;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.waymark.messaging.OutboundMessage;

/** The link worker JSON API (HTTP Basic; role WORKER). Patient references are masked in lists. */
@RestController
@RequestMapping("/api/handoffs")
class HandoffApi {
    static final int MAX_REPLY = 1000;
    private final Handoffs handoffs;
    private final Clock clock;

    HandoffApi(Handoffs handoffs, Clock clock) {
        this.handoffs = handoffs;
        this.clock = clock;
    }

    record ReplyRequest(String text) {
    }

    record CloseRequest(String outcome, String note, Boolean handBack) {
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(defaultValue = "waiting") String status) {
        HandoffStatus s;
        try {
            s = HandoffStatus.parse(status);
        } catch (IllegalArgumentException e) {
            throw new Problem(HttpStatus.BAD_REQUEST, "status must be waiting, claimed or closed");
        }
        return handoffs.list(s).stream().map(this::summaryView).toList();
    }

    @GetMapping("/{id}")
    Map<String, Object> one(@PathVariable String id, Principal who) {
        Handoff h = handoffs.find(id).orElseThrow(() -> notFound(id));
        handoffs.viewed(id, who.getName());
        Map<String, Object> view = summaryView(h);
        view.put("thread", handoffs.thread(id));
        return view;
    }

    @PostMapping("/{id}/claim")
    ResponseEntity<Map<String, Object>> claim(@PathVariable String id, Principal who) {
        Handoffs.ClaimResult result = handoffs.claim(id, who.getName());
        if (result instanceof Handoffs.ClaimResult.Claimed c) {
            return ResponseEntity.ok(summaryView(c.handoff()));
        }
        if (result instanceof Handoffs.ClaimResult.AlreadyClaimed a) {
            throw new Problem(HttpStatus.CONFLICT, "This conversation has already been claimed"
                    + (a.by() == null ? "." : " by " + a.by() + "."));
        }
        throw notFound(id);
    }

    @PostMapping("/{id}/messages")
    ResponseEntity<OutboundMessage> reply(@PathVariable String id, @RequestBody ReplyRequest body, Principal who) {
        Handoff h = handoffs.find(id).orElseThrow(() -> notFound(id));
        String text = body == null || body.text() == null ? "" : body.text().strip();
        if (text.isEmpty()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "The reply is empty.");
        }
        if (text.length() > MAX_REPLY) {
            throw new Problem(HttpStatus.CONTENT_TOO_LARGE, "The reply is too long: up to " + MAX_REPLY
                    + " characters.");
        }
        if (!h.open()) {
            throw new Problem(HttpStatus.CONFLICT, "This conversation is closed.");
        }
        if (h.status() == HandoffStatus.CLAIMED && !who.getName().equals(h.assignee())) {
            throw new Problem(HttpStatus.CONFLICT, "This conversation is claimed by " + h.assignee() + ".");
        }
        if (h.status() == HandoffStatus.WAITING) {
            // Replying to a waiting conversation claims it, so two workers never talk over each other.
            if (handoffs.claim(id, who.getName()) instanceof Handoffs.ClaimResult.AlreadyClaimed a) {
                throw new Problem(HttpStatus.CONFLICT, "This conversation was just claimed by " + a.by() + ".");
            }
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(handoffs.reply(id, who.getName(), text));
    }

    @PostMapping("/{id}/close")
    Map<String, Object> close(@PathVariable String id, @RequestBody CloseRequest body, Principal who) {
        Handoff h = handoffs.find(id).orElseThrow(() -> notFound(id));
        if (body == null || body.outcome() == null || !Handoffs.outcomes().contains(body.outcome())) {
            throw new Problem(HttpStatus.BAD_REQUEST, "outcome must be one of " + Handoffs.outcomes());
        }
        if (!h.open()) {
            throw new Problem(HttpStatus.CONFLICT, "This conversation is already closed.");
        }
        String note = body.note() == null ? null : body.note().strip();
        if (note != null && note.length() > 2000) {
            throw new Problem(HttpStatus.CONTENT_TOO_LARGE, "The note is too long: up to 2000 characters.");
        }
        return summaryView(handoffs.close(id, who.getName(), body.outcome(), note,
                Boolean.TRUE.equals(body.handBack())));
    }

    private Map<String, Object> summaryView(Handoff h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("practice", h.practice());
        m.put("channel", h.channel().code());
        m.put("patient", h.maskedPatient());
        m.put("priority", h.priority().code());
        m.put("reason", h.reason());
        m.put("status", h.status().code());
        m.put("assignee", h.assignee());
        m.put("openedAt", h.openedAt());
        m.put("claimedAt", h.claimedAt());
        m.put("closedAt", h.closedAt());
        m.put("waitingSeconds", h.status() == HandoffStatus.WAITING
                ? Duration.between(h.openedAt(), clock.instant()).toSeconds() : null);
        m.put("summary", h.summary());
        m.put("outcome", h.outcome());
        return m;
    }

    private static Problem notFound(String id) {
        return new Problem(HttpStatus.NOT_FOUND, "No handoff with id " + id + ".");
    }

    static final class Problem extends RuntimeException {
        final HttpStatus status;

        Problem(HttpStatus status, String detail) {
            super(detail);
            this.status = status;
        }
    }

    @ExceptionHandler(Problem.class)
    ProblemDetail problem(Problem e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
        p.setTitle(e.status.getReasonPhrase());
        return p;
    }
}
