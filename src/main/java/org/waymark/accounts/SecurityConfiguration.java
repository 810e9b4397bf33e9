package org.waymark.accounts;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import org.waymark.limits.ProblemResponses;


/**
 * Who may do what, decided once, by one filter chain, on the decoded path that Spring MVC routes. Patients need no
 * account (web chat sessions carry their own token; SMS webhooks carry Twilio's signature), and the routes they use
 * are on {@link PublicRoutes}' one short list; every other route, mapped or not, needs a link worker's login (form
 * for the dashboard, HTTP Basic for the API), and {@code /workers/admin/**} and {@code /api/admin/**} an admin's.
 * {@link WaymarkFirewall} refuses, with a 400, any spelling of a path that could be read two ways.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountSettings.class)
class SecurityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'self'";

    /** Routes called by programs, not people: a refusal is a 401 problem, never a redirect to the sign-in page. */
    private static final RequestMatcher MACHINE_ROUTES = paths("/api/**", "/twilio/**", "/actuator/**");
    /** Routes whose callers prove themselves without a cookie, so a forged cross-site request cannot ride one. */
    private static final RequestMatcher NO_COOKIE_ROUTES = paths("/api/webchat/**", "/twilio/**");

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(AccountSettings settings, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        String adminPassword = settings.adminPassword();
        if (adminPassword == null || adminPassword.isBlank()) {
            byte[] bytes = new byte[12];
            new SecureRandom().nextBytes(bytes);
            adminPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            // Printed once, to the console only, so a new install can log in; set WAYMARK_ADMIN_PASSWORD to avoid it.
            System.out.println("\n  Waymark admin login: user '" + settings.adminUsername() + "', password '"
                    + adminPassword + "' (set WAYMARK_ADMIN_PASSWORD to choose your own)\n");
        }
        users.add(User.withUsername(settings.adminUsername()).password(encoder.encode(adminPassword))
                .roles("ADMIN", "WORKER").build());
        for (AccountSettings.User u : settings.users()) {
            String role = u.role() == null ? "WORKER" : u.role().toUpperCase(java.util.Locale.ROOT);
            User.UserBuilder b = User.withUsername(u.username()).password(u.passwordHash());
            users.add("ADMIN".equals(role) ? b.roles("ADMIN", "WORKER").build()
                    : "CSO".equals(role) ? b.roles("CSO", "WORKER").build() : b.roles("WORKER").build());
        }
        log.info("Loaded {} link worker account(s)", users.size());
        return new InMemoryUserDetailsManager(users);
    }

    /** The firewall every request meets first, and its refusal as a problem a developer can act on. */
    @Bean
    WebSecurityCustomizer firewall() {
        return web -> web.httpFirewall(new WaymarkFirewall()).requestRejectedHandler(refusal());
    }

    private static RequestRejectedHandler refusal() {
        return (request, response, e) -> {
            log.info("Refused a request whose address could be read two ways: {}", e.getMessage());
            problem(response, HttpStatus.BAD_REQUEST, "Bad request", e.getMessage()
                    + ". Use the plain address, without encoded letters, ';', '//', '/./' or '..'.");
        };
    }

    @Bean
    SecurityFilterChain waymarkChain(HttpSecurity http,
                                     @Value("${waymark.load-run.bare-endpoint:false}") boolean bareEndpoint,
                                     SignInThrottle throttle)
            throws Exception {
        AuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint("/login");
        AuthenticationEntryPoint unauthorised = (request, response, e) -> problem(response, HttpStatus.UNAUTHORIZED,
                "Sign-in needed", "This needs a link worker's sign-in (HTTP Basic for the API).");
        http.authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(PublicRoutes.matcher(bareEndpoint)).permitAll()
                        // the figures a Prometheus scraper reads with an administrator's HTTP Basic sign-in
                        .requestMatchers(paths("/workers/admin/**", "/api/admin/**", "/actuator/prometheus"))
                        .hasRole("ADMIN")
                        // a clinical safety officer's second approval of a risk-model change (issue 20)
                        .requestMatchers(paths("/api/models/*/approve", "/workers/models/*/approve"))
                        .hasRole("CSO")
                        .anyRequest().hasRole("WORKER"))
                .addFilterBefore(throttle.guard(), UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/workers", false))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorised))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(unauthorised, MACHINE_ROUTES)
                        .defaultAuthenticationEntryPointFor(signIn, request -> true))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                // A cookie is sent by the browser on any site's request, so a route a cookie can sign in to needs
                // a CSRF token; the patients' routes (a token header, a Twilio signature) and an API call with no
                // session cookie (HTTP Basic, an Authorization header no other site can add, or none: then a 401)
                // carry no cookie to ride.
                .csrf(csrf -> csrf.ignoringRequestMatchers(new OrRequestMatcher(NO_COOKIE_ROUTES,
                        request -> MACHINE_ROUTES.matches(request) && (request.getRequestedSessionId() == null
                                || basicAuthorization(request.getHeader("Authorization"))))))
                .cors(cors -> { })
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        // HSTS only on requests that came over HTTPS (behind a proxy: X-Forwarded-Proto, honoured
                        // through server.forward-headers-strategy), for a year, as the NHS's own sites do
                        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31_536_000)
                                .includeSubDomains(true)));
        return http.build();
    }

    private static boolean basicAuthorization(String header) {
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private static RequestMatcher paths(String... patterns) {
        PathPatternRequestMatcher.Builder b = PathPatternRequestMatcher.withDefaults();
        List<RequestMatcher> matchers = new ArrayList<>();
        for (String p : patterns) {
            matchers.add(b.matcher(p));
        }
        return new OrRequestMatcher(matchers);
    }

    static void problem(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        ProblemResponses.write(response, p, null);
    }
}
