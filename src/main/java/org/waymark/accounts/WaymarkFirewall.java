package org.waymark.accounts;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Refuses every spelling of a path that a security rule and Spring MVC could read as two different routes, before
 * any rule is tried. Spring Security's {@link StrictHttpFirewall} already refuses {@code ;} parameters, {@code //},
 * {@code /./}, {@code ..}, backslashes, encoded slashes, periods and percent signs, and control characters; on top of
 * it this refuses a percent-escape of any character that never needs one (letters, digits, {@code -._~}), as in
 * {@code /%61pi/handoffs}, so the path a rule sees is the path MVC routes. Case, a trailing slash or a suffix need no
 * rule here: they change the route, which is then no public route and needs a login.
 */
final class WaymarkFirewall implements HttpFirewall {
    /** %41-%5A, %61-%7A (letters), %30-%39 (digits), %2D %2E %5F %7E, in either case. */
    private static final Pattern ENCODED_UNRESERVED = Pattern.compile(
            "%(?:[46][1-9a-fA-F]|[57][0-9aA]|3[0-9]|2[dDeE]|5[fF]|7[eE])");

    private final StrictHttpFirewall strict = new StrictHttpFirewall();

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri != null && ENCODED_UNRESERVED.matcher(uri).find()) {
            throw new RequestRejectedException("The address has an encoded letter, digit or mark that needs none");
        }
        return strict.getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
