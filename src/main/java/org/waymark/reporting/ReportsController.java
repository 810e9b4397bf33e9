package org.waymark.reporting;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

import org.waymark.followup.Csv;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;
import org.waymark.taxonomy.Need;

/** The reports page, its JSON and its CSV. Dates are London dates, both ends included; the default is 30 days. */
@Controller
class ReportsController {
    private final Reports reports;
    private final Practices practices;
    private final Clock clock;

    private final org.waymark.review.ModelGate models;

    ReportsController(Reports reports, Practices practices, Clock clock, org.waymark.review.ModelGate models) {
        this.models = models;
        this.reports = reports;
        this.practices = practices;
        this.clock = clock;
    }

    record Range(Practice practice, LocalDate from, LocalDate to) {
    }

    Range range(String practiceId, String from, String to) {
        Practice practice = practiceId == null || practiceId.isBlank() ? practices.defaultPractice()
                : practices.byId(practiceId).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "No practice with id '" + practiceId + "'."));
        LocalDate today = LocalDate.now(clock.withZone(ReportCounters.LONDON));
        LocalDate end = date(to, "to", today);
        LocalDate start = date(from, "from", end.minusDays(29));
        if (start.isAfter(end)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'from' must not be after 'to'.");
        }
        if (ChronoUnit.DAYS.between(start, end) >= Reports.MAX_DAYS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A report covers at most "
                    + Reports.MAX_DAYS + " days.");
        }
        return new Range(practice, start, end);
    }

    private static LocalDate date(String text, String name, LocalDate otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + name
                    + "' must be a date like 2026-01-31.");
        }
    }

    @GetMapping("/api/reports/summary")
    @ResponseBody
    Report summary(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String practice) {
        Range r = range(practice, from, to);
        return reports.summary(r.practice().id(), r.from(), r.to());
    }

    @GetMapping({"/api/reports/summary.csv", "/workers/reports.csv"})
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String practice) {
        Range r = range(practice, from, to);
        Report report = reports.summary(r.practice().id(), r.from(), r.to());
        String file = "waymark-report-" + r.practice().id() + "-" + r.from() + "-to-" + r.to() + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
                .body(csv(report).getBytes(StandardCharsets.UTF_8));
    }

    static String csv(Report r) {
        Csv csv = new Csv().row("section", "measure", "value");
        csv.row("report", "practice", r.practice()).row("report", "from", r.from()).row("report", "to", r.to());
        csv.row("conversations", "started", r.started()).row("conversations", "completed", r.completed())
                .row("conversations", "completion rate", r.completionRate());
        r.needs().forEach((k, v) -> csv.row("needs", k, v));
        csv.row("suggestions", "activities shown", r.suggestionsShown())
                .row("suggestions", "lists shown", r.suggestionLists())
                .row("suggestions", "chosen", r.chosen());
        r.referrals().forEach((k, v) -> csv.row("referrals", k, v));
        r.handoffsByReason().forEach((k, v) -> csv.row("handoffs by reason", k, v));
        r.handoffsByPriority().forEach((k, v) -> csv.row("handoffs by priority", k, v));
        csv.row("time to claim", "handoffs claimed", r.claims())
                .row("time to claim", "median minutes", r.claimMedianMinutes())
                .row("time to claim", "90th centile minutes", r.claimP90Minutes());
        csv.row("risk", "escalations", r.riskEscalations());
        r.riskByLevel().forEach((k, v) -> csv.row("risk", k, v));
        r.followUps().forEach((k, v) -> csv.row("follow-up outcomes", k, v));
        csv.row("wellbeing (ONS4)", "pairs", r.wellbeing().pairs());
        for (Report.Item i : r.wellbeing().items()) {
            csv.row("wellbeing (ONS4)", i.measure() + " before", i.before())
                    .row("wellbeing (ONS4)", i.measure() + " after", i.after())
                    .row("wellbeing (ONS4)", i.measure() + " change", i.change());
        }
        r.flagged().forEach(f -> csv.row("services reported not running", f.activityName() == null
                ? f.activityId() : f.activityName(), f.reports()));
        return csv.toString();
    }

    /** One bar of a chart drawn on the server: inline SVG with presentation attributes only (the CSP allows it). */
    record Bar(String label, long value, int width, int y) {
    }

    static final int BAR_MAX = 300;
    static final int BAR_STEP = 28;

    static List<Bar> bars(Map<String, Long> values, Map<String, String> labels) {
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Bar> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int width = max == 0 ? 0 : (int) Math.max(e.getValue() > 0 ? 2 : 0, e.getValue() * BAR_MAX / max);
            out.add(new Bar(labels.getOrDefault(e.getKey(), e.getKey().replace('_', ' ')), e.getValue(), width,
                    i++ * BAR_STEP));
        }
        return out;
    }

    @GetMapping("/workers/reports")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String practice, Model model) {
        Range r;
        try {
            r = range(practice, from, to);
        } catch (ResponseStatusException e) {
            model.addAttribute("error", e.getReason());
            r = range(null, null, null);
        }
        Report report = reports.summary(r.practice().id(), r.from(), r.to());
        Map<String, String> needLabels = new java.util.HashMap<>();
        for (Need n : Need.values()) {
            needLabels.put(n.code(), n.plainWords());
        }
        model.addAttribute("nav", "reports");
        model.addAttribute("models", models.info());
        model.addAttribute("report", report);
        model.addAttribute("practiceName", r.practice().name());
        model.addAttribute("practices", practices.all());
        model.addAttribute("needBars", bars(report.needs(), needLabels));
        model.addAttribute("followUpBars", bars(report.followUps(), Map.of("went", "Went",
                "not_yet", "Not yet", "did_not_go", "Did not go", "not_running", "It wasn't running",
                "could_not_reach", "Could not reach", "waiting", "Waiting for an answer")));
        model.addAttribute("reasonBars", bars(report.handoffsByReason(), Map.of()));
        model.addAttribute("barMax", BAR_MAX);
        model.addAttribute("barStep", BAR_STEP);
        return "workers/reports";
    }
}
