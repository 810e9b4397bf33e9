package org.waymark.accounts;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one short list of routes anyone may call without signing in. Everything else needs a link worker's login
 * (and {@code /workers/admin/**}, {@code /api/admin/**} an admin's). Each entry is a method and a path pattern,
 * matched by Spring's {@code PathPattern} on the decoded path, the same parser Spring MVC routes with, after
 * {@link WaymarkFirewall} has refused any spelling the two could read differently.
 */
final class PublicRoutes {
    /** A public route: who calls it and why it needs no login. */
    record Route(HttpMethod method, String pattern, String why) {
    }

    static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.GET, "/", "the practice's page with the chat widget"),
            new Route(HttpMethod.GET, "/widget/**", "the widget's own script and styles"),
            new Route(HttpMethod.GET, "/css/**", "NHS.UK styles for the practice page and the sign-in page"),
            new Route(HttpMethod.GET, "/js/**", "the practice page's and sign-in page's script"),
            new Route(HttpMethod.GET, "/favicon.svg", "the icon"),
            new Route(HttpMethod.POST, "/api/webchat/sessions", "a patient starts a web chat (rate limited)"),
            new Route(HttpMethod.POST, "/api/webchat/sessions/*/messages",
                    "a patient's message; the session token in X-Session-Token is checked"),
            new Route(HttpMethod.GET, "/api/webchat/sessions/*/messages", "the transcript; token checked"),
            new Route(HttpMethod.GET, "/api/webchat/sessions/*/events", "live messages; token checked"),
            new Route(HttpMethod.POST, "/api/webchat/sessions/*/language", "the patient changes language; token "
                    + "checked"),
            new Route(HttpMethod.GET, "/api/webchat/languages", "the languages the widget speaks, with its labels"),
            new Route(HttpMethod.POST, "/twilio/sms", "Twilio's inbound SMS webhook; its signature is checked"),
            new Route(HttpMethod.POST, "/twilio/status", "Twilio's delivery status callback; signature checked"),
            // the public directory, read-only: the Open Referral UK 3.0 API at level 1
            new Route(HttpMethod.GET, "/api/directory/", "the directory API's ORUK profile and version"),
            new Route(HttpMethod.GET, "/api/directory/services", "the public directory (Open Referral UK)"),
            new Route(HttpMethod.GET, "/api/directory/services/*", "one public directory service"),
            new Route(HttpMethod.GET, "/api/directory/taxonomies", "the directory's taxonomies"),
            new Route(HttpMethod.GET, "/api/directory/taxonomies/*", "one taxonomy with its terms"),
            new Route(HttpMethod.GET, "/api/directory/taxonomy_terms", "the directory's taxonomy terms"),
            new Route(HttpMethod.GET, "/api/directory/taxonomy_terms/*", "one taxonomy term"),
            new Route(HttpMethod.GET, "/api/directory/service_at_locations", "services at their places"),
            new Route(HttpMethod.GET, "/api/directory/service_at_locations/*", "one service at one place"),
            new Route(HttpMethod.GET, "/login", "the sign-in page"),
            new Route(HttpMethod.POST, "/login", "signing in (throttled)"),
            new Route(HttpMethod.GET, "/actuator/health", "health, without details unless signed in"),
            new Route(HttpMethod.GET, "/actuator/health/**", "liveness and readiness probes"),
            new Route(null, "/error", "Spring's error page, so a refusal can be explained"));

    /** The no-op handler for load runs, public only when {@code waymark.load-run.bare-endpoint} turns it on. */
    static final Route BARE = new Route(HttpMethod.GET, "/bare", "load runs only: a handler that does nothing");

    private PublicRoutes() {
    }

    static List<Route> routes(boolean bareEndpoint) {
        List<Route> all = new ArrayList<>(ROUTES);
        if (bareEndpoint) {
            all.add(BARE);
        }
        return List.copyOf(all);
    }

    static RequestMatcher matcher(boolean bareEndpoint) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(routes(bareEndpoint).stream()
                .map(r -> (RequestMatcher) paths.matcher(r.method(), r.pattern())).toList());
    }
}
