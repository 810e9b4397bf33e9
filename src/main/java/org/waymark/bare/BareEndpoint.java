package org.waymark.bare;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A handler that does no work, so a load run can compare a conversation turn with the cost of HTTP, Spring MVC and
 * the security filters alone on the same app. GET, because the page security chain guards POSTs with CSRF.
 */
@RestController
class BareEndpoint {
    private static final String BODY = "{\"ok\":true}";

    @GetMapping("/bare")
    ResponseEntity<String> bare() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(BODY);
    }
}
