package org.waymark.accounts;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.waymark.limits.ClientAddress;
import org.waymark.limits.ProblemResponses;
import org.waymark.limits.RateLimited;

/**
 * Refuses a sign-in attempt (the form's {@code POST /login}, or any request with HTTP Basic credentials) for a
 * locked account or address before the password is looked at: the form goes back to the sign-in page with "Too
 * many attempts" (the same words whether or not the account exists), HTTP Basic gets 429 with {@code Retry-After}.
 * Without Redis nobody can be checked, so nobody signs in (the app's usual 503 while Redis is down).
 */
final class SignInGuard extends OncePerRequestFilter {
    private static final RequestMatcher FORM = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/login");

    private final SignInThrottle throttle;
    private final BasicAuthenticationConverter basic = new BasicAuthenticationConverter();

    SignInGuard(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = FORM.matches(request);
        String username = form ? request.getParameter("username") : basicUsername(request);
        if (username == null) {
            chain.doFilter(request, response);
            return;
        }
        // a Redis outage goes up as Jedis's exception: the outermost filter answers 503 as every route does
        Optional<Duration> locked = throttle.locked(username.strip(), ClientAddress.of(request));
        if (locked.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long minutes = Math.max(1, (RateLimited.retryAfterSeconds(locked.get()) + 59) / 60);
        if (form) {
            response.sendRedirect(request.getContextPath() + "/login?locked=" + minutes);
        } else {
            ProblemResponses.write(response, new RateLimited("Too many attempts",
                    "Too many failed sign-ins. Try again in " + RateLimited.inWords(locked.get()) + ".",
                    locked.get()));
        }
    }

    private String basicUsername(HttpServletRequest request) {
        try {
            var token = basic.convert(request);
            return token == null ? null : token.getName();
        } catch (AuthenticationException e) {
            return null; // malformed: HTTP Basic's own filter refuses it
        }
    }
}
