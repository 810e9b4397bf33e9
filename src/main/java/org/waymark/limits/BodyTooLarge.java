package org.waymark.limits;

import java.io.IOException;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request body over its cap: refused at once when its {@code Content-Length} says so, or thrown when a chunked
 * body (no length to check up front) goes past the cap while being read. It is an {@link IOException} so that
 * whatever was reading stops; a JSON reader wraps it, so {@link #in} looks for it among the causes.
 */
public final class BodyTooLarge extends IOException {
    private final long max;
    private final String what;

    BodyTooLarge(long max, String what) {
        super("The request body is larger than " + bytes(max) + ", the most " + what + " may be. Nothing was "
                + "stored; send a smaller one.");
        this.max = max;
        this.what = what;
    }

    /** The {@code BodyTooLarge} that caused {@code e}, if one did. */
    public static Optional<BodyTooLarge> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyTooLarge b) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** 413 and a detail that says the cap. */
    public ProblemDetail problem() {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, getMessage());
        p.setTitle("Request body too large");
        return p;
    }

    long max() {
        return max;
    }

    String what() {
        return what;
    }

    static String bytes(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return (n / 1_000_000) + " MB";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return (n / 1024) + " KB";
        }
        return String.format(java.util.Locale.ROOT, "%,d bytes", n);
    }
}
