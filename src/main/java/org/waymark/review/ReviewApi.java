package org.waymark.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.waymark.practice.Practice;
import org.waymark.practice.Practices;

/**
 * The review queue as JSON, for link workers: {@code GET /api/review}, {@code POST /api/review/{id}} (one part of a
 * correction), {@code POST /api/review/{id}/flag}, and the practice's corrections as training lines
 * ({@code GET /api/review/export/intents.yml}, {@code needs.yml}, {@code risk.tsv}: only corrections a worker wrote
 * in their own words, so no patient's words leave the practice).
 */
@RestController
@RequestMapping("/api/review")
class ReviewApi {
    private final ReviewQueue queue;
    private final Practices practices;
    private final Path keptApart;

    ReviewApi(ReviewQueue queue, Practices practices,
              @Value("${waymark.review.kept-apart-dir:nlp-models/kept-apart}") Path keptApart) {
        this.queue = queue;
        this.practices = practices;
        this.keptApart = keptApart;
    }

    /** A queued message as the API shows it: the patient masked. */
    static Map<String, Object> view(ReviewItem i, Correction c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("practice", i.practice());
        m.put("patient", i.patient());
        m.put("text", i.text());
        m.put("intent", i.intent());
        m.put("needs", i.needs());
        Map<String, Object> risk = new LinkedHashMap<>();
        risk.put("category", i.riskCategory());
        risk.put("level", i.riskLevel());
        m.put("risk", risk);
        m.put("reasons", i.reasons());
        m.put("flaggedBy", i.flaggedBy());
        m.put("at", i.at());
        if (c != null) {
            m.put("correction", c);
        }
        return m;
    }

    @GetMapping
    ResponseEntity<?> list(@RequestParam(required = false) String practice) {
        Practice p = practice(practice);
        if (p == null) {
            return problem(HttpStatus.NOT_FOUND, "No practice \"" + practice + "\".");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        queue.queue(p.id()).forEach(i -> items.add(view(i, null)));
        return ResponseEntity.ok(Map.of("practice", p.id(), "items", items));
    }

    /** A correction as the API takes it: {@code {"risk": {"category", "level"}}} for "this was risk". */
    record Body(List<String> needs, String intent, RiskBody risk, Boolean notRisk, String ownWords) {
        ReviewQueue.Change change() {
            return new ReviewQueue.Change(needs, intent, risk == null ? null : risk.category(),
                    risk == null ? null : risk.level(), notRisk, ownWords);
        }
    }

    record RiskBody(String category, String level) {
    }

    @PostMapping("/{id}")
    ResponseEntity<?> correct(@PathVariable String id, @RequestBody(required = false) Body body,
                              Authentication who) {
        ReviewQueue.Change change = body == null ? null : body.change();
        var item = queue.find(id);
        if (item.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No message " + id + " to review: it was erased, expired, or "
                    + "never read by the bot.");
        }
        if (change == null) {
            return problem(HttpStatus.BAD_REQUEST, String.join(" ", ReviewQueue.problems(
                    new ReviewQueue.Change(null, null, null, null, null, null))));
        }
        try {
            Correction c = queue.correct(item.get(), change, who.getName());
            return ResponseEntity.ok(view(item.get(), c));
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    @PostMapping("/{id}/flag")
    ResponseEntity<?> flag(@PathVariable String id, Authentication who) {
        return queue.flag(id, who.getName()).<ResponseEntity<?>>map(i -> ResponseEntity.ok(view(i, null)))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "The bot did not read message " + id
                        + " (a link worker had the conversation, or it was erased or expired): nothing to flag."));
    }

    @GetMapping("/export/{file}")
    ResponseEntity<?> export(@PathVariable String file, @RequestParam(required = false) String practice) {
        Practice p = practice(practice);
        if (p == null) {
            return problem(HttpStatus.NOT_FOUND, "No practice \"" + practice + "\".");
        }
        TrainingLines.Lines lines;
        try {
            lines = TrainingLines.keptApartIn(keptApart).of(queue.correctionsOf(p.id()).values(), true);
        } catch (IllegalStateException e) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        String head = "# Corrections of practice " + p.id() + " in their workers' own words; " + lines.noText()
                + " left out with no worker's own words, " + lines.leaked()
                + " left out for sharing five words in a row with a kept-apart line.\n";
        String body = switch (file) {
            case "intents.yml" -> TrainingLines.intentsYaml(lines);
            case "needs.yml" -> TrainingLines.needsYaml(lines);
            case "risk.tsv" -> TrainingLines.riskTsv(lines);
            default -> null;
        };
        if (body == null) {
            return problem(HttpStatus.NOT_FOUND, "Export intents.yml, needs.yml or risk.tsv.");
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .body(file.endsWith(".tsv") ? body : head + body);
    }

    private Practice practice(String id) {
        return id == null || id.isBlank() ? practices.defaultPractice() : practices.byId(id.strip()).orElse(null);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
