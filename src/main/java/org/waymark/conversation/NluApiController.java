package org.waymark.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import org.waymark.nlu.Parse;
import org.waymark.safety.Risk;
import org.waymark.taxonomy.Need;

/** {@code POST /api/nlu/parse}: what Waymark understands of a text, in the shape of Rasa's parse plus needs and risk. */
@RestController
class NluApiController {
    private final org.waymark.nlu.NluByLanguage nlus;
    private final org.waymark.safety.RiskByLanguage risks;
    private final org.waymark.practice.Practices practices;

    /**
     * English, as the turn reads it: with the model version a practice uses (issue 20), the request's
     * {@code practice} or the default one.
     */
    NluApiController(org.waymark.nlu.NluByLanguage nlus, org.waymark.safety.RiskByLanguage risks,
                     org.waymark.practice.Practices practices) {
        this.nlus = nlus;
        this.risks = risks;
        this.practices = practices;
    }

    record ParseRequest(String text, String practice) {
    }

    @PostMapping("/api/nlu/parse")
    Map<String, Object> parse(@RequestBody ParseRequest request) {
        String text = request == null || request.text() == null ? "" : request.text().strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Give the text to parse, e.g. {\"text\": \"I feel lonely\"}.");
        }
        if (text.length() > 1000) {
            throw new IllegalArgumentException("The text is too long: up to 1000 characters.");
        }
        String practice = request.practice() == null || request.practice().isBlank()
                ? practices.defaultPractice().id()
                : practices.byId(request.practice().strip()).orElseThrow(() -> new IllegalArgumentException(
                        "No practice \"" + request.practice().strip() + "\".")).id();
        Parse p = nlus.forLanguage(null, practice).parse(text);
        Risk r = risks.forLanguage(null, practice).assess(text);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", text);
        out.put("intent", Map.of("name", p.intent().name(), "confidence", p.intent().confidence()));
        out.put("intent_ranking", p.ranking().stream()
                .map(i -> Map.of("name", i.name(), "confidence", i.confidence())).toList());
        out.put("needs", p.needs().stream().sorted().map(Need::code).toList());
        out.put("entities", p.entities().stream().map(e -> Map.of("entity", e.entity(), "value", e.value()))
                .toList());
        Map<String, Object> risk = new LinkedHashMap<>();
        risk.put("level", r.band());
        risk.put("category", r.category() == null ? null : r.category().code());
        if (r.history()) {
            risk.put("past", true); // a past risk the text says is over: a note for the link worker, no crisis
        }
        if (r.tempered()) {
            // the rules read this crisis and the nets no risk: the bot asks its question instead
            risk.put("instead_of", r.untempered().level().code());
        }
        out.put("risk", risk);
        return out;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail bad(IllegalArgumentException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Bad request");
        return p;
    }
}
