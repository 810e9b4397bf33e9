package org.waymark.bare;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A handler that does no work, so a load run can compare a conversation turn with the cost of HTTP, Spring MVC and
 * the security filters alone on the same app. GET, because the security chain guards POSTs with CSRF. Only the load run
 * turns it on ({@code --waymark.load-run.bare-endpoint=true}); then it is on the public route list, else it is not
 * there at all.
 */
@RestController
@ConditionalOnProperty(name = "waymark.load-run.bare-endpoint", havingValue = "true")
class BareEndpoint {
    private static final String BODY = "{\"ok\":true}";

    @GetMapping("/bare")
    ResponseEntity<String> bare() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(BODY);
    }
}
