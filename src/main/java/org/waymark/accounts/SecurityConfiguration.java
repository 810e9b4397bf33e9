package org.waymark.accounts;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what. Patients need no account (web chat sessions carry their own token; SMS webhooks carry Twilio's
 * signature). Link workers log in with a form for the dashboard and HTTP Basic for the API.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountSettings.class)
class SecurityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'self'";

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
            users.add("ADMIN".equals(role) ? b.roles("ADMIN", "WORKER").build() : b.roles("WORKER").build());
        }
        log.info("Loaded {} link worker account(s)", users.size());
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        RequestMatcher api = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.startsWith("/api/") || path.startsWith("/twilio/");
        };
        http.securityMatcher(api)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/webchat/**", "/api/nlu/parse", "/twilio/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/directory/services", "/api/directory/services/*")
                        .permitAll()
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().hasRole("WORKER"))
                .httpBasic(basic -> basic.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .cors(cors -> { })
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP)));
        return http.build();
    }

    @Bean
    SecurityFilterChain pageChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/workers/admin/**").hasRole("ADMIN")
                        .requestMatchers("/workers/**").hasRole("WORKER")
                        .anyRequest().permitAll())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/workers", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
