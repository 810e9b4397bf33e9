package org.waymark.handoff;

import org.springframework.http.HttpStatus;

/** A worker's action that the rules refuse, with words the worker can act on; the API answers it as a problem. */
final class Refusal extends RuntimeException {
    final HttpStatus status;

    Refusal(HttpStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    static Refusal notFound(String id) {
        return new Refusal(HttpStatus.NOT_FOUND, "No handoff with id " + id + ".");
    }
}
