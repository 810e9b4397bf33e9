package org.waymark.limits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Any controller's {@link RateLimited}: 429, {@code Retry-After} and a problem detail that says how long to wait. */
@RestControllerAdvice
class RateLimitedAdvice {
    @ExceptionHandler(RateLimited.class)
    ResponseEntity<ProblemDetail> limited(RateLimited e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.problem());
    }
}
