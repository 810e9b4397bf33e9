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
 * Model versions as JSON, per practice ({@code practice}, else the default one): {@code GET /api/admin/models},
 * {@code GET /api/admin/models/{version}}, {@code POST /api/admin/models/retrain} (202: it runs off the request
 * thread) and {@code POST /api/admin/models/{version}/activate} (roll back) for administrators; {@code POST
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
    ResponseEntity<?> list(@RequestParam(required = false) String practice) {
        String p = practice == null || practice.isBlank() ? practices.defaultPractice().id() : practice.strip();
        if (practices.byId(p).isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No practice \"" + p + "\".");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("practice", p);
        m.put("active", gate.activeVersion(p));
        m.put("shipped", gate.shipped());
        m.put("versions", gate.versions(p));
        return ResponseEntity.ok(m);
    }

    @GetMapping("/api/admin/models/{version}")
    ResponseEntity<?> one(@PathVariable int version) {
        return gate.version(version).<ResponseEntity<?>>map(v -> ResponseEntity.ok(answer(v)))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No model version " + version + "."));
    }

    /**
     * Starts a retrain off the request thread: 202 with the version, {@code training}; {@code GET
     * /api/admin/models/{version}} then says the gate's answer.
     */
    @PostMapping("/api/admin/models/retrain")
    ResponseEntity<?> retrain(@RequestParam(required = false) String practice, Authentication who) {
        String p = practice == null || practice.isBlank() ? practices.defaultPractice().id() : practice.strip();
        if (practices.byId(p).isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No practice \"" + p + "\".");
        }
        ModelGate.Version v = gate.startRetrain(p, who.getName());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/admin/models/" + v.version()).body(answer(v));
    }

    static Map<String, Object> answer(ModelGate.Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("practice", v.practice());
        m.put("accepted", v.accepted());
        m.put("status", v.status());
        m.put("figures", v.figures());
        m.put("before", v.before());
        m.put("reason", v.reason());
        m.put("trainedBy", v.trainedBy());
        m.put("approvedBy", v.approvedBy());
        m.put("trainMillis", v.trainMillis());
        return m;
    }

    /** One click back: to an earlier version, or with 0 to the models as shipped (of {@code practice}). */
    @PostMapping("/api/admin/models/{version}/activate")
    ResponseEntity<?> activate(@PathVariable int version, @RequestParam(required = false) String practice) {
        String p = practice == null || practice.isBlank() ? null : practice.strip();
        if (p != null && practices.byId(p).isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "No practice \"" + p + "\".");
        }
        try {
            if (version == 0) {
                p = p == null ? practices.defaultPractice().id() : p;
                gate.rollBack(p, 0);
            } else {
                gate.rollBack(p, version);
                p = gate.version(version).map(ModelGate.Version::practice).orElse(p);
            }
            return ResponseEntity.ok(Map.of("practice", p, "active", gate.activeVersion(p)));
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            return problem(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @PostMapping("/api/models/{version}/approve")
    ResponseEntity<?> approve(@PathVariable int version, Authentication who) {
        try {
            return ResponseEntity.ok(answer(gate.approve(version, who.getName())));
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
