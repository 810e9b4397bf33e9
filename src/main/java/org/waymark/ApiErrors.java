package org.waymark;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import org.waymark.limits.BodyTooLarge;

/** Problem details for mistakes any JSON API can meet, in words a developer integrating with us can act on. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (BodyTooLarge.in(e).isPresent()) {
            return BodyTooLarge.in(e).get().problem(); // a chunked body that went past its cap while being read
        }
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is missing or is not valid JSON of the expected shape, e.g. {\"text\": \"hello\"}.");
        p.setTitle("Bad request");
        return p;
    }
}
