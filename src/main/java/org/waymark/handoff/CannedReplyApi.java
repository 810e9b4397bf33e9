package org.waymark.handoff;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.waymark.practice.Practices;

/** A practice's saved replies for link workers (role WORKER); administrators change them on the dashboard. */
@RestController
class CannedReplyApi {
    private final CannedReplies replies;
    private final Practices practices;

    CannedReplyApi(CannedReplies replies, Practices practices) {
        this.replies = replies;
        this.practices = practices;
    }

    /** {@code practice}: its id; the default practice when not given. */
    @GetMapping("/api/canned-replies")
    List<CannedReplies.CannedReply> list(@RequestParam(required = false) String practice) {
        String id = practice == null || practice.isBlank() ? practices.defaultPractice().id() : practice.strip();
        if (practices.byId(id).isEmpty()) {
            throw new Refusal(HttpStatus.NOT_FOUND, "No practice with id " + id + ".");
        }
        return replies.of(id);
    }

    @ExceptionHandler(Refusal.class)
    ProblemDetail problem(Refusal e) {
        return HandoffApi.problemOf(e);
    }
}
