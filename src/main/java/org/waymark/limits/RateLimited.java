package org.waymark.limits;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A request over a limit: answered 429 with {@code Retry-After} and a problem detail saying how long to wait. */
public class RateLimited extends RuntimeException {
    private final String title;
    private final Duration retryAfter;

    public RateLimited(String title, String detail, Duration retryAfter) {
        super(detail);
        this.title = title;
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up, at least 1: the {@code Retry-After} header's value. */
    public long retryAfterSeconds() {
        return retryAfterSeconds(retryAfter);
    }

    public ProblemDetail problem() {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, getMessage());
        p.setTitle(title);
        return p;
    }

    public static long retryAfterSeconds(Duration wait) {
        long nanos = wait.toNanos();
        return Math.max(1, nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1));
    }

    /** "40 seconds", "1 minute", "15 minutes", "2 hours": rounded up, for a person to read. */
    public static String inWords(Duration wait) {
        long s = retryAfterSeconds(wait);
        if (s < 60) {
            return s + (s == 1 ? " second" : " seconds");
        }
        long m = (s + 59) / 60;
        if (m < 120) {
            return m + (m == 1 ? " minute" : " minutes");
        }
        long h = (m + 59) / 60;
        return h + " hours";
    }
}
