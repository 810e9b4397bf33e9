package org.waymark.handoff;

import java.security.Principal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.practice.OpeningTimes;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;
import org.waymark.taxonomy.Language;
import org.waymark.taxonomy.Need;

/**
 * The link worker dashboard: the queue, one conversation, and the audit trail for admins. Server-rendered and
 * whole without JavaScript; {@code /workers/dashboard.js} only keeps it live. Every form posts, then redirects.
 */
@Controller
@RequestMapping("/workers")
class HandoffPages {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("d MMM, HH:mm", Locale.UK);
    private static final int AUDIT_ROWS = 200;

    private final Handoffs handoffs;
    private final Desk desk;
    private final DashboardStreams streams;
    private final Practices practices;
    private final Clock clock;
    private final CannedReplies canned;

    HandoffPages(Handoffs handoffs, Desk desk, DashboardStreams streams, Practices practices, Clock clock,
                 CannedReplies canned) {
        this.canned = canned;
        this.handoffs = handoffs;
        this.desk = desk;
        this.streams = streams;
        this.practices = practices;
        this.clock = clock;
    }

    /**
     * One line of the queue. {@code language}: the patient's language when not English, by its English name
     * ("Bengali"), else null; {@code youSpeak}: that language as the signed-in worker's account names it
     * ("Bengali", "Sylheti") when it lists it, else null.
     */
    record Row(String id, String priority, String priorityLabel, String tag, String patient, String channel,
               String reason, String needs, String area, String practice, String openedAt, String waiting,
               String assignee, String claimedAt, boolean mine, String language, String youSpeak) {
    }

    /** A link worker to give a conversation to, and in {@code label} whether they speak the patient's language. */
    record WorkerChoice(String name, String label) {
    }

    /** A practice's hours as the dashboard shows them. */
    record Hours(String name, List<String> lines, boolean openNow, String phone) {
    }

    /**
     * One line of the thread. {@code delivery} (worker replies only): queued, sent, delivered, failed, undelivered,
     * opted_out; {@code deliveryLabel} its words.
     */
    record Message(String id, String from, String who, String text, String at, String atIso, String delivery,
                   String deliveryLabel) {
    }

    /** A filter choice: its value, its words, and whether it is chosen. */
    record Choice(String value, String label, boolean selected) {
    }

    record FieldError(String field, String message) {
    }

    record Outcome(String value, String label) {
    }

    /** One of the patient's other cases, beside the current one. */
    record OtherCase(Row row, String opened, String status, String outcome) {
    }

    record AuditRow(String at, String who, String action, String handoff, String detail) {
    }

    // ---- the queue ---------------------------------------------------------------------------------------------

    @GetMapping({"", "/"})
    String queue(Model model, Authentication who) {
        fillQueue(model, who.getName());
        model.addAttribute("hours", hours());
        model.addAttribute("admin", Desk.Worker.of(who).admin());
        model.addAttribute("nav", "queue");
        return "workers/queue";
    }

    /** Just the queue, for the dashboard script to swap in when something changes. */
    @GetMapping("/queue")
    String queueFragment(Model model, Principal who) {
        fillQueue(model, who.getName());
        return "workers/queue :: queue";
    }

    // ---- searching the caseload -----------------------------------------------------------------------------------

    /** Every case, waiting, claimed and closed, narrowed as the worker asks; the form's values stay in it. */
    @GetMapping("/cases")
    String cases(@RequestParam(required = false) String status, @RequestParam(required = false) String q,
                 @RequestParam(required = false) String priority, @RequestParam(required = false) String need,
                 @RequestParam(required = false) String channel, @RequestParam(required = false) String worker,
                 @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                 Model model, Authentication who, HttpServletResponse response) {
        CaseSearch search = null;
        String problem = null;
        try {
            search = CaseSearch.parse(status, q, priority, need, channel, worker, from, to, "all");
        } catch (Refusal r) {
            problem = r.getMessage();
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        List<OtherCase> rows = search == null ? List.of() : search.run(handoffs).stream()
                .map(h -> caseLine(h, who.getName())).toList();
        String st = search == null ? "all" : search.status();
        model.addAttribute("rows", rows);
        model.addAttribute("problem", problem);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("statuses", choices(CaseSearch.STATUSES.stream().map(v -> new String[] {v, switch (v) {
            case "all" -> "Any status";
            case "open" -> "Open (waiting or claimed)";
            default -> v.substring(0, 1).toUpperCase(Locale.UK) + v.substring(1);
        }}).toList(), st));
        model.addAttribute("priorities", choices(java.util.Arrays.stream(Priority.values())
                .map(p -> new String[] {p.code(), priorityLabel(p)}).toList(), priority));
        model.addAttribute("needChoices", choices(java.util.Arrays.stream(Need.values())
                .map(n -> new String[] {n.code(), n.plainWords()}).toList(), need));
        model.addAttribute("channels", choices(List.of(new String[] {"webchat", "Web chat"},
                new String[] {"sms", "Text message"}), channel));
        model.addAttribute("workers", choices(desk.workers().stream().map(w -> new String[] {w, w}).toList(),
                worker));
        model.addAttribute("narrowed", search != null && search.narrowed() || !"all".equals(st));
        model.addAttribute("nav", "cases");
        return "workers/cases";
    }

    private static List<Choice> choices(List<String[]> options, String chosen) {
        return options.stream().map(o -> new Choice(o[0], o[1], o[0].equalsIgnoreCase(chosen == null ? ""
                : chosen.strip()))).toList();
    }

    /** How many emergencies wait, for dashboard.js to keep the banner and the page title right. */
    @GetMapping(value = "/emergencies", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    Map<String, Long> emergencies() {
        return Map.of("waiting", handoffs.emergenciesWaiting());
    }

    @GetMapping(value = "/events", produces = "text/event-stream")
    SseEmitter events() {
        return streams.open();
    }

    private void fillQueue(Model model, String worker) {
        List<String> speaks = desk.languagesOf(worker);
        // within a priority, patients who chatted in a language this worker speaks come first, longest waiting first
        List<Handoff> queue = new ArrayList<>(handoffs.list(HandoffStatus.WAITING));
        queue.sort(java.util.Comparator.comparing(Handoff::priority)
                .thenComparing(h -> spokenAs(speaks, h) == null));
        List<Row> waiting = queue.stream().map(h -> row(h, worker, speaks)).toList();
        List<Row> claimed = handoffs.list(HandoffStatus.CLAIMED).stream().map(h -> row(h, worker, speaks)).toList();
        List<String> mine = speaks.stream().map(HandoffPages::asNamed).filter(l -> l != null).distinct().toList();
        model.addAttribute("myLanguages", mine);
        model.addAttribute("myLanguagesText", mine.size() < 2 ? String.join("", mine)
                : String.join(", ", mine.subList(0, mine.size() - 1)) + " and " + mine.get(mine.size() - 1));
        model.addAttribute("waiting", waiting);
        model.addAttribute("claimed", claimed);
        model.addAttribute("mine", claimed.stream().filter(Row::mine).count());
        model.addAttribute("severalPractices", practices.all().size() > 1);
    }

    // ---- one conversation --------------------------------------------------------------------------------------

    @GetMapping("/handoffs/{id}")
    String conversation(@PathVariable String id, @RequestParam(required = false) String canned, Model model,
                        Authentication who, HttpServletResponse response) {
        Handoff h = handoffs.find(id).orElse(null);
        if (h == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("nav", "queue");
            return "workers/not-found";
        }
        handoffs.viewed(id, who.getName());
        // a saved reply chosen without JavaScript: its words in the reply box, to change before sending
        String text = this.canned.find(h.practice(), canned).map(CannedReplies.CannedReply::text).orElse("");
        return conversationView(h, model, Desk.Worker.of(who), List.of(), text, "", "", false, "");
    }

    @PostMapping("/handoffs/{id}/claim")
    String claim(@PathVariable String id, Principal who, RedirectAttributes redirect) {
        try {
            desk.claim(id, who.getName());
            redirect.addFlashAttribute("notice", "You have claimed this conversation. The patient's messages "
                    + "now come to you.");
        } catch (Refusal r) {
            if (r.status.value() == HttpServletResponse.SC_NOT_FOUND) {
                return "redirect:/workers";
            }
            redirect.addFlashAttribute("warning", r.getMessage());
        }
        return "redirect:/workers/handoffs/" + id;
    }

    @PostMapping("/handoffs/{id}/notes")
    String note(@PathVariable String id, @RequestParam(required = false) String text, Authentication who,
                Model model, RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
        String problem = Desk.noteProblem(text);
        if (!problem.isEmpty()) {
            return invalid(id, model, who, response, List.of(new FieldError("note-text", problem)), "", "", "",
                    false, text);
        }
        try {
            desk.note(id, Desk.Worker.of(who), text);
            redirect.addFlashAttribute("notice", "Your note has been added. The patient does not see it.");
        } catch (Refusal r) {
            return refused(r, id, model, who, request, response, redirect, "#notes");
        }
        return "redirect:/workers/handoffs/" + id + "#thread-heading";
    }

    @PostMapping("/handoffs/{id}/assign")
    String assign(@PathVariable String id, @RequestParam(required = false) String to, Authentication who,
                  Model model, RedirectAttributes redirect, HttpServletRequest request,
                  HttpServletResponse response) {
        String problem = desk.assignProblem(to);
        if (!problem.isEmpty()) {
            return invalid(id, model, who, response, List.of(new FieldError("assign-to", problem)), "", "", "",
                    false, "");
        }
        return act(id, who, model, redirect, request, response, "/workers/handoffs/" + id, worker -> {
            Handoff h = desk.assign(id, worker, to);
            return h.assignee().equals(worker.name())
                    ? "You have this conversation now. The patient's messages come to you."
                    : "You have given this conversation to " + h.assignee() + ".";
        });
    }

    @PostMapping("/handoffs/{id}/release")
    String release(@PathVariable String id, Authentication who, Model model, RedirectAttributes redirect,
                   HttpServletRequest request, HttpServletResponse response) {
        return act(id, who, model, redirect, request, response, "/workers", worker -> {
            desk.release(id, worker);
            return "The conversation is back in the queue for anyone to claim.";
        });
    }

    @PostMapping("/handoffs/{id}/reopen")
    String reopen(@PathVariable String id, Authentication who, Model model, RedirectAttributes redirect,
                  HttpServletRequest request, HttpServletResponse response) {
        return act(id, who, model, redirect, request, response, "/workers/handoffs/" + id, worker -> {
            desk.reopen(id, worker);
            return "You have reopened this conversation and it is yours. How it was closed is in the conversation "
                    + "as a note.";
        });
    }

    /**
     * A change of hands from the dashboard: {@code action} does it and says what happened, shown after a redirect
     * to {@code then}; a refusal is answered as {@link #refused} does.
     */
    private String act(String id, Authentication who, Model model, RedirectAttributes redirect,
                       HttpServletRequest request, HttpServletResponse response, String then,
                       java.util.function.Function<Desk.Worker, String> action) {
        try {
            redirect.addFlashAttribute("notice", action.apply(Desk.Worker.of(who)));
        } catch (Refusal r) {
            return refused(r, id, model, who, request, response, redirect, "");
        }
        return "redirect:" + then;
    }

    @PostMapping("/handoffs/{id}/messages")
    String reply(@PathVariable String id, @RequestParam(required = false) String text, Authentication who,
                 Model model, RedirectAttributes redirect, HttpServletRequest request,
                 HttpServletResponse response) {
        String problem = Desk.replyProblem(text);
        if (!problem.isEmpty()) {
            return invalid(id, model, who, response, List.of(new FieldError("reply-text", problem)),
                    text, "", "", false, "");
        }
        try {
            OutboundMessage sent = desk.reply(id, Desk.Worker.of(who), text);
            String state = handoffs.deliveryStates(id).get(sent.id());
            if ("opted_out".equals(state)) {
                redirect.addFlashAttribute("warning", "Your reply was not sent: this patient texted STOP, so no "
                        + "texts go to them. It is kept in the conversation.");
            } else if ("sent".equals(state) || "delivered".equals(state)) {
                redirect.addFlashAttribute("notice", "Your reply has been sent to the patient.");
            } else if ("failed".equals(state) || "undelivered".equals(state)) {
                redirect.addFlashAttribute("warning", "Your reply could not be sent. Its state shows beside it.");
            } else {
                redirect.addFlashAttribute("notice", "Your reply is queued to go out as a text message. Its "
                        + "state shows beside it and changes once it is sent and delivered.");
            }
        } catch (Refusal r) {
            return refused(r, id, model, who, request, response, redirect, "#reply");
        }
        return "redirect:/workers/handoffs/" + id + "#reply";
    }

    @PostMapping("/handoffs/{id}/close")
    String close(@PathVariable String id, @RequestParam(required = false) String outcome,
                 @RequestParam(required = false) String note,
                 @RequestParam(name = "handBack", required = false) String handBack, Authentication who,
                 Model model, RedirectAttributes redirect, HttpServletRequest request,
                 HttpServletResponse response) {
        boolean back = handBack != null;
        List<FieldError> errors = new ArrayList<>();
        if (outcome == null || !Handoffs.outcomes().contains(outcome)) {
            errors.add(new FieldError("outcome-" + Handoffs.OUTCOMES.keySet().iterator().next(),
                    "Select what happened in this conversation."));
        }
        if (note != null && note.strip().length() > Desk.MAX_NOTE) {
            errors.add(new FieldError("close-note", "The note must be " + Desk.MAX_NOTE + " characters or fewer."));
        }
        if (!errors.isEmpty()) {
            return invalid(id, model, who, response, errors, "", outcome, note, back, "");
        }
        try {
            Handoff closed = desk.close(id, Desk.Worker.of(who), outcome, note, back);
            redirect.addFlashAttribute("notice", "Conversation with " + closed.maskedPatient() + " closed: "
                    + Handoffs.OUTCOMES.get(outcome).toLowerCase(Locale.UK) + "."
                    + (back ? " Waymark will talk with the patient again if they write." : ""));
            return "redirect:/workers";
        } catch (Refusal r) {
            return refused(r, id, model, who, request, response, redirect, "");
        }
    }

    /**
     * A refused reply or close. Not allowed (403) or erased (410): that status, with the conversation and the
     * reason on the page, or as problem+json to a client that asks for JSON. Else (409) the reason on the page
     * after a redirect, as before; an unknown handoff sends the worker back to the queue.
     */
    private String refused(Refusal r, String id, Model model, Authentication who, HttpServletRequest request,
                           HttpServletResponse response, RedirectAttributes redirect, String anchor) {
        if (r.status == HttpStatus.NOT_FOUND) {
            return "redirect:/workers";
        }
        if (r.status != HttpStatus.FORBIDDEN && r.status != HttpStatus.GONE) {
            redirect.addFlashAttribute("warning", r.getMessage());
            return "redirect:/workers/handoffs/" + id + anchor;
        }
        if (wantsJson(request)) {
            throw r;
        }
        Handoff h = handoffs.find(id).orElse(null);
        if (h == null) {
            return "redirect:/workers";
        }
        response.setStatus(r.status.value());
        model.addAttribute("warning", r.getMessage());
        return conversationView(h, model, Desk.Worker.of(who), List.of(), "", "", "", false, "");
    }

    /** A client that asks for JSON and not for a page (a script posting the form) is answered in problem+json. */
    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("json") && !accept.contains("text/html");
    }

    @ExceptionHandler(Refusal.class)
    ProblemDetail problem(Refusal e) {
        return HandoffApi.problemOf(e);
    }

    private String invalid(String id, Model model, Authentication who, HttpServletResponse response,
                           List<FieldError> errors, String text, String outcome, String note, boolean back,
                           String noteText) {
        Handoff h = handoffs.find(id).orElse(null);
        if (h == null) {
            return "redirect:/workers";
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return conversationView(h, model, Desk.Worker.of(who), errors, text, outcome, note, back, noteText);
    }

    private String conversationView(Handoff h, Model model, Desk.Worker worker, List<FieldError> errors,
                                    String text, String outcome, String note, boolean handBack, String noteText) {
        Handoff.Summary s = h.summary() == null ? new Handoff.Summary(null, null, null, null, null, null, null)
                : h.summary();
        List<String> speaks = desk.languagesOf(worker.name());
        Row row = row(h, worker.name(), speaks);
        model.addAttribute("h", h);
        model.addAttribute("row", row);
        model.addAttribute("languageHint", row.language() == null ? null : "other_language".equals(h.reason())
                ? "They wrote in " + row.language() + ", which Waymark cannot read: it sent them the crisis numbers "
                + "and passed them straight to a link worker."
                : "They talked with Waymark in " + row.language() + ".");
        model.addAttribute("summary", s);
        model.addAttribute("needs", needWords(s.needs()));
        model.addAttribute("risk", riskWords(s.risk()));
        model.addAttribute("status", statusLabel(h));
        model.addAttribute("statusTag", h.erased() ? "wm-tag--grey" : switch (h.status()) {
            case WAITING -> "wm-tag--yellow";
            case CLAIMED -> "wm-tag--green";
            case CLOSED -> "wm-tag--grey";
        });
        model.addAttribute("opened", format(h.openedAt(), WHEN));
        model.addAttribute("claimedAt", format(h.claimedAt(), WHEN));
        model.addAttribute("closedAt", format(h.closedAt(), WHEN));
        model.addAttribute("outcomeLabel", h.outcome() == null ? h.erased() ? "the patient's data was erased" : null
                : Handoffs.OUTCOMES.get(h.outcome()));
        Map<String, String> states = handoffs.deliveryStates(h.id());
        model.addAttribute("thread", handoffs.entries(h.id()).stream().map(e -> message(e, states.get(e.id())))
                .toList());
        model.addAttribute("canClaim", h.status() == HandoffStatus.WAITING);
        boolean mayAct = h.open() && worker.mayAct(h);
        model.addAttribute("canReply", mayAct);
        model.addAttribute("canClose", mayAct);
        model.addAttribute("canNote", !h.erased());
        model.addAttribute("canAssign", mayAct);
        model.addAttribute("canRelease", mayAct && h.status() == HandoffStatus.CLAIMED);
        model.addAttribute("canReopen", !h.open() && !h.erased());
        model.addAttribute("workers", desk.workers().stream().filter(w -> !w.equals(h.assignee()))
                .map(w -> new WorkerChoice(w, (w.equals(worker.name()) ? w + " (you)" : w)
                        + Optional.ofNullable(spokenAs(desk.languagesOf(w), h)).map(l -> ", speaks " + l)
                        .orElse("")))
                .toList());
        model.addAttribute("me", worker.name());
        model.addAttribute("noteText", noteText == null ? "" : noteText);
        model.addAttribute("maxNote", Desk.MAX_NOTE);
        model.addAttribute("cannedReplies", mayAct ? canned.of(h.practice()) : List.of());
        model.addAttribute("otherCases", handoffs.otherCasesOf(h).stream()
                .map(o -> caseLine(o, worker.name(), speaks)).toList());
        model.addAttribute("outcomes", Handoffs.OUTCOMES.entrySet().stream()
                .map(e -> new Outcome(e.getKey(), e.getValue())).toList());
        model.addAttribute("errors", errors);
        model.addAttribute("errorFor", errors.stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a)));
        model.addAttribute("text", text == null ? "" : text);
        model.addAttribute("outcome", outcome == null ? "" : outcome);
        model.addAttribute("note", note == null ? "" : note);
        model.addAttribute("handBack", handBack);
        model.addAttribute("practiceHours", practices.byId(h.practice()).map(this::hours).orElse(null));
        model.addAttribute("maxReply", Desk.MAX_REPLY);
        model.addAttribute("nav", "queue");
        return "workers/handoff";
    }

    // ---- the audit trail ---------------------------------------------------------------------------------------

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) String handoff, Model model) {
        List<AuditRow> rows = handoffs.audit(handoff == null || handoff.isBlank() ? AUDIT_ROWS : 10_000).stream()
                .filter(e -> handoff == null || handoff.isBlank() || handoff.equals(e.get("handoff")))
                .limit(AUDIT_ROWS)
                .map(e -> new AuditRow(formatIso(e.get("at")), e.get("who"), e.get("action"), e.get("handoff"),
                        detailWords(e.get("action"), e.get("detail"))))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("handoff", handoff == null ? "" : handoff.strip());
        model.addAttribute("limit", AUDIT_ROWS);
        model.addAttribute("nav", "queue");
        return "workers/admin/audit";
    }

    // ---- words -------------------------------------------------------------------------------------------------

    private Row row(Handoff h, String worker, List<String> speaks) {
        Handoff.Summary s = h.summary();
        String language = s == null ? null : languageName(s.language());
        return new Row(h.id(), h.priority().code(), priorityLabel(h.priority()), priorityTag(h.priority()),
                h.maskedPatient(), h.channel() == Channel.SMS ? "Text message" : "Web chat",
                reasonWords(h.reason(), s == null ? null : s.risk()), s == null ? "" : needWords(s.needs()),
                s == null ? null : s.postcodeArea(),
                practices.byId(h.practice()).map(Practice::name).orElse(h.practice()),
                h.openedAt().toString(), waitingWords(Duration.between(h.openedAt(), clock.instant())),
                h.assignee(), format(h.claimedAt(), CLOCK), worker.equals(h.assignee()), language,
                spokenAs(speaks, h));
    }

    /**
     * The language a summary names, by its English name ("bn" and "Bengali" both give "Bengali"), or null for
     * none and for English, which every link worker speaks.
     */
    static String languageName(String language) {
        return Language.english(language) ? null : Language.lenient(language).map(Language::name).orElse(null);
    }

    /**
     * The patient's language as a worker who speaks these languages names it ("Bengali", or "Sylheti" for a
     * Bengali-speaking patient), or null when they do not speak it, and always for English.
     */
    static String spokenAs(List<String> languages, Handoff h) {
        String patient = h.summary() == null ? null : h.summary().language();
        if (Language.english(patient)) {
            return null;
        }
        return languages.stream().filter(l -> Language.same(l, patient)).findFirst().map(HandoffPages::asNamed)
                .orElse(null);
    }

    /** A language as an account lists it, a code ("bn") by its English name; null for English. */
    static String asNamed(String language) {
        if (Language.english(language)) {
            return null;
        }
        String given = language.strip();
        return Language.of(given).filter(l -> l.code().equalsIgnoreCase(given)).map(Language::name).orElse(given);
    }

    private OtherCase caseLine(Handoff h, String worker) {
        return caseLine(h, worker, desk.languagesOf(worker));
    }

    private OtherCase caseLine(Handoff h, String worker, List<String> speaks) {
        return new OtherCase(row(h, worker, speaks), format(h.openedAt(), WHEN), statusLabel(h),
                h.outcome() == null ? null : Handoffs.OUTCOMES.get(h.outcome()));
    }

    static String priorityLabel(Priority p) {
        return switch (p) {
            case EMERGENCY -> "Emergency";
            case URGENT -> "Urgent";
            case ROUTINE -> "Routine";
        };
    }

    static String priorityTag(Priority p) {
        return switch (p) {
            case EMERGENCY -> "wm-tag--red";
            case URGENT -> "wm-tag--orange";
            case ROUTINE -> "wm-tag--grey";
        };
    }

    static String statusLabel(Handoff h) {
        if (h.erased()) {
            return "Data erased";
        }
        return switch (h.status()) {
            case WAITING -> "Waiting";
            case CLAIMED -> "Claimed by " + h.assignee();
            case CLOSED -> "Closed";
        };
    }

    static String reasonWords(String reason, String risk) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "asked_for_person" -> "Asked to talk to a person";
            case "unsure" -> "Waymark did not understand them twice";
            case "nothing_fits" -> "No local activity fitted";
            case "asked_contact" -> "Asked to be contacted";
            case "returned" -> "Wrote again after their case was closed";
            case "other_language" -> "Wrote in a language Waymark cannot read";
            case "risk" -> risk == null ? "May be at risk" : "May be at risk: " + riskWords(risk);
            default -> reason.replace('_', ' ');
        };
    }

    /** "urgent suicide_self_harm" in words a worker reads at a glance. */
    static String riskWords(String risk) {
        if (risk == null || risk.isBlank()) {
            return null;
        }
        String[] parts = risk.trim().split("\\s+", 3);
        String category = parts.length > 1 ? switch (parts[1]) {
            case "suicide_self_harm" -> "suicide or self-harm";
            case "harm_to_others" -> "harm to others";
            case "abuse_safeguarding" -> "abuse or a safeguarding concern";
            case "medical_emergency" -> "a medical emergency";
            default -> parts[1].replace('_', ' ');
        } : "";
        String asked = parts.length > 2 && parts[2].equals(Handoff.AFTER_CHECK)
                ? ", said no when asked if they were safe" : "";
        if (parts[0].equals(Handoff.PAST_RISK)) {
            return "past " + category + ", which they say is over (no crisis reply was given)";
        }
        return (category + " (" + parts[0] + ")" + asked).trim();
    }

    static String needWords(List<String> needs) {
        return needs == null ? "" : needs.stream()
                .map(c -> Need.fromCode(c).map(Need::plainWords).orElse(c))
                .collect(Collectors.joining(", "));
    }

    /** "less than a minute", "12 min", "1 hr 5 min", "2 days 3 hr": the same words dashboard.js ticks on with. */
    static String waitingWords(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 1) {
            return "less than a minute";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " hr" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        long days = hours / 24;
        return days + (days == 1 ? " day" : " days") + (hours % 24 == 0 ? "" : " " + hours % 24 + " hr");
    }

    private Message message(ThreadEntry m, String delivery) {
        String from = m.from() == null ? "bot" : m.from();
        String who = switch (from) {
            case "patient" -> "Patient";
            case "worker" -> m.author() == null ? "Link worker" : "Link worker " + m.author();
            case ThreadEntry.NOTE -> "Internal note by " + m.author();
            default -> "Waymark";
        };
        boolean worker = "worker".equals(from);
        return new Message(m.id(), from, who, m.text(), format(m.at(), CLOCK),
                m.at() == null ? "" : m.at().toString(), worker ? delivery : null,
                worker ? deliveryWords(delivery) : null);
    }

    /** A reply's delivery state in words; the same words dashboard.js shows when it changes. */
    static String deliveryWords(String state) {
        if (state == null) {
            return null; // a reply from before delivery states were kept
        }
        return switch (state) {
            case "queued", "sending" -> "Queued";
            case "sent" -> "Sent";
            case "delivered" -> "Delivered";
            case "opted_out" -> "Held: the patient texted STOP";
            case "undelivered", "failed" -> "Not delivered";
            default -> state;
        };
    }

    /** "21 Nov 2026, 14:05" in UK time. */
    static String when(Instant at) {
        return format(at, WHEN);
    }

    private static String detailWords(String action, String detail) {
        if (detail == null || detail.isBlank()) {
            return "";
        }
        return "closed".equals(action) ? Handoffs.OUTCOMES.getOrDefault(detail, detail) : detail.replace('_', ' ');
    }

    private static String format(Instant at, DateTimeFormatter f) {
        return at == null ? null : f.format(at.atZone(OpeningTimes.UK));
    }

    private static String formatIso(String at) {
        try {
            return format(Instant.parse(at), WHEN);
        } catch (RuntimeException e) {
            return at;
        }
    }

    private List<Hours> hours() {
        return practices.all().stream().map(this::hours).toList();
    }

    private Hours hours(Practice p) {
        List<String> lines = p.openingHours().stream()
                .map(h -> dayWords(h.days()) + ", " + clockWords(h.opens()) + " to " + clockWords(h.closes()))
                .toList();
        boolean open = OpeningTimes.isOpen(p, ZonedDateTime.now(clock).withZoneSameInstant(OpeningTimes.UK));
        return new Hours(p.name(), lines, open, p.phone());
    }

    static String dayWords(List<DayOfWeek> days) {
        if (days.isEmpty()) {
            return "";
        }
        String first = days.get(0).getDisplayName(TextStyle.FULL, Locale.UK);
        if (days.size() == 1) {
            return first;
        }
        boolean run = true;
        for (int i = 1; i < days.size(); i++) {
            run &= days.get(i).getValue() == days.get(i - 1).getValue() + 1;
        }
        String last = days.get(days.size() - 1).getDisplayName(TextStyle.FULL, Locale.UK);
        return run && days.size() > 2 ? first + " to " + last : days.stream()
                .map(d -> d.getDisplayName(TextStyle.FULL, Locale.UK)).collect(Collectors.joining(", "));
    }

    static String clockWords(LocalTime t) {
        int h = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        String m = t.getMinute() == 0 ? "" : String.format(":%02d", t.getMinute());
        return h + m + (t.getHour() < 12 ? "am" : "pm");
    }

}
