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
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;

/** The link worker JSON API (HTTP Basic; role WORKER). Patient references are masked in lists. */
@RestController
@RequestMapping("/api/handoffs")
class HandoffApi {
    private final Handoffs handoffs;
    private final Desk desk;
    private final Clock clock;

    HandoffApi(Handoffs handoffs, Desk desk, Clock clock) {
        this.handoffs = handoffs;
        this.desk = desk;
        this.clock = clock;
    }

    record ReplyRequest(String text) {
    }

    record CloseRequest(String outcome, String note, Boolean handBack) {
    }

    record NoteRequest(String text) {
    }

    record AssignRequest(String to) {
    }

    /**
     * The queue (by default), the claimed or the closed cases, or all of them, narrowed by words ({@code q}),
     * priority, need, channel, worker and the days opened ({@code from}, {@code to}: YYYY-MM-DD).
     */
    @GetMapping
    List<Map<String, Object>> list(@RequestParam(required = false) String status,
                                   @RequestParam(required = false) String q,
                                   @RequestParam(required = false) String priority,
                                   @RequestParam(required = false) String need,
                                   @RequestParam(required = false) String channel,
                                   @RequestParam(required = false) String worker,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to) {
        CaseSearch search = CaseSearch.parse(status, q, priority, need, channel, worker, from, to, "waiting");
        // a list never shows a whole phone number: the contact's is masked as the patient's is
        return search.run(handoffs).stream().map(h -> {
            Map<String, Object> view = summaryView(h);
            view.put("contact", contactView(h.contact(), true));
            return view;
        }).toList();
    }

    @GetMapping("/{id}")
    Map<String, Object> one(@PathVariable String id, Principal who) {
        Handoff h = desk.find(id);
        handoffs.viewed(id, who.getName());
        Map<String, Object> view = summaryView(h);
        Map<String, String> states = handoffs.deliveryStates(id);
        view.put("thread", handoffs.entries(id).stream().map(e -> entryView(e, states.get(e.id()))).toList());
        view.put("otherCases", handoffs.otherCasesOf(h).stream().map(this::summaryView).toList());
        return view;
    }

    @PostMapping("/{id}/notes")
    ResponseEntity<Map<String, Object>> note(@PathVariable String id, @RequestBody(required = false) NoteRequest body,
                                             Authentication who) {
        ThreadEntry note = desk.note(id, Desk.Worker.of(who), body == null ? null : body.text());
        return ResponseEntity.status(HttpStatus.CREATED).body(entryView(note, null));
    }

    @PostMapping("/{id}/assign")
    Map<String, Object> assign(@PathVariable String id, @RequestBody(required = false) AssignRequest body,
                               Authentication who) {
        return summaryView(desk.assign(id, Desk.Worker.of(who), body == null ? null : body.to()));
    }

    @PostMapping("/{id}/release")
    Map<String, Object> release(@PathVariable String id, Authentication who) {
        return summaryView(desk.release(id, Desk.Worker.of(who)));
    }

    @PostMapping("/{id}/reopen")
    Map<String, Object> reopen(@PathVariable String id, Authentication who) {
        return summaryView(desk.reopen(id, Desk.Worker.of(who)));
    }

    private static Map<String, Object> entryView(ThreadEntry e, String delivery) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("from", e.from());
        m.put("author", e.author());
        m.put("text", e.text());
        m.put("options", e.options());
        m.put("activities", e.activities());
        m.put("at", e.at());
        if ("worker".equals(e.from())) {
            m.put("delivery", delivery);
        }
        return m;
    }

    @PostMapping("/{id}/claim")
    Map<String, Object> claim(@PathVariable String id, Principal who) {
        return summaryView(desk.claim(id, who.getName()));
    }

    /** A reply to the patient; {@code delivery} says where it is (sent, queued, opted_out when held by STOP). */
    @PostMapping("/{id}/messages")
    ResponseEntity<Map<String, Object>> reply(@PathVariable String id, @RequestBody ReplyRequest body,
                                              Authentication who) {
        OutboundMessage m = desk.reply(id, Desk.Worker.of(who), body == null ? null : body.text());
        Map<String, Object> view = entryView(ThreadEntry.of(m, who.getName()), handoffs.deliveryStates(id)
                .get(m.id()));
        return ResponseEntity.status(HttpStatus.CREATED).body(view);
    }

    @PostMapping("/{id}/close")
    Map<String, Object> close(@PathVariable String id, @RequestBody CloseRequest body, Authentication who) {
        if (body == null) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "outcome must be one of " + Handoffs.outcomes());
        }
        return summaryView(desk.close(id, Desk.Worker.of(who), body.outcome(), body.note(),
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
        m.put("erasedAt", h.erasedAt());
        m.put("contact", contactView(h.contact(), false));
        m.put("earlierCase", h.earlierId());
        return m;
    }

    /**
     * The contact the patient left: the number in E.164 and as dialled, for a worker to act on; in a list, masked
     * (the last three digits) like the patient reference.
     */
    private static Map<String, Object> contactView(PatientContact c, boolean masked) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("way", c.way());
        m.put("phone", c.phone() == null ? null : masked ? PatientReference.mask(Channel.SMS, c.phone()) : c.phone());
        m.put("phoneDisplay", masked ? null : c.phoneForDisplay());
        m.put("when", c.when());
        m.put("text", masked ? null : c.describe());
        return m;
    }

    @ExceptionHandler(Refusal.class)
    ProblemDetail problem(Refusal e) {
        return problemOf(e);
    }

    static ProblemDetail problemOf(Refusal e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
        p.setTitle(e.status.getReasonPhrase());
        return p;
    }
}
