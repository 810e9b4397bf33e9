package org.waymark.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.waymark.practice.Practices;

/**
 * Model versions as JSON: {@code GET /api/admin/models}, {@code POST /api/admin/models/retrain} and
 * {@code POST /api/admin/models/{version}/activate} (roll back) for administrators; {@code POST
 * /api/models/{version}/approve} for a clinical safety officer (role CSO).
 */
@RestController
class ModelApi {
    private final ModelGate gate;
    private final Practices practices;

    ModelApi(ModelGate gate, Practices practices) {
        this.gate = gate;
        this.practices = practices;
    }

    @GetMapping("/api/admin/models")
    Map<String, Object> list() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", gate.activeVersion());
        m.put("shipped", gate.shipped());
        m.put("versions", gate.versions());
        return m;
    }

    @PostMapping("/api/admin/models/retrain")
    ResponseEntity<?> retrain(@RequestParam(required = false) String practice, Authentication who) {
        String p = practice == null || practice.isBlank() ? practices.defaultPractice().id() : practice.strip();
        if (practices.byId(p).isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No practice \"" + p + "\".");
        }
        ModelGate.Version v = gate.retrain(p, who.getName());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("accepted", v.accepted());
        m.put("status", v.status());
        m.put("figures", v.figures());
        m.put("before", v.before());
        m.put("reason", v.reason());
        return ResponseEntity.ok(m);
    }

    @PostMapping("/api/admin/models/{version}/activate")
    ResponseEntity<?> activate(@PathVariable int version) {
        try {
            gate.rollBack(version);
            return ResponseEntity.ok(Map.of("active", gate.activeVersion()));
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            return problem(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @PostMapping("/api/models/{version}/approve")
    ResponseEntity<?> approve(@PathVariable int version, Authentication who) {
        try {
            return ResponseEntity.ok(gate.approve(version, who.getName()));
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            return problem(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    static List<String> categories() {
        return java.util.Arrays.stream(org.waymark.safety.RiskCategory.values())
                .map(org.waymark.safety.RiskCategory::code).toList();
    }
}
