package org.waymark.accounts;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import jakarta.servlet.Filter;

import org.waymark.limits.ClientAddress;
import org.waymark.limits.RateLimited;
import org.waymark.limits.RateLimits;
import org.waymark.limits.RateLimits.Limit;
import org.waymark.limits.RateLimits.Rate;

/**
 * Counts failed sign-ins per account name and per client address (Spring Security's authentication events, from
 * the form and HTTP Basic alike) in Redis buckets, and locks one that reaches its count. {@link #guard()} is the
 * filter that refuses a locked one before its password is checked.
 */
@Component
class SignInThrottle {
    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    private final RateLimits limits;
    private final ApplicationEventPublisher events;
    private final SignInLimits settings;
    private final Limit accountFailures;
    private final Limit addressFailures;
    private final Limit accountLock;
    private final Limit addressLock;

    SignInThrottle(RateLimits limits, ApplicationEventPublisher events, SignInLimits settings) {
        this.limits = limits;
        this.events = events;
        this.settings = settings;
        Duration lock = settings.lock();
        this.accountFailures = Limit.of("sign-in-failures-account", new Rate(settings.failuresPerAccount(), lock));
        this.addressFailures = Limit.of("sign-in-failures-address", new Rate(settings.failuresPerAddress(), lock));
        // one token, back after the lock: taking it is the lock, its absence is "locked"
        this.accountLock = Limit.of("sign-in-lock-account",
                new Rate(settings.failuresPerAccount() > 0 ? 1 : 0, lock));
        this.addressLock = Limit.of("sign-in-lock-address",
                new Rate(settings.failuresPerAddress() > 0 ? 1 : 0, lock));
    }

    /** The filter for the security chain, before the form's and HTTP Basic's own. */
    Filter guard() {
        return new SignInGuard(this);
    }

    /** How long this account name or this address stays locked, if either is; the longer of the two. */
    Optional<Duration> locked(String username, String address) {
        return Stream.of(limits.emptyFor(accountLock, subject(username)), limits.emptyFor(addressLock, address))
                .flatMap(Optional::stream).max(Comparator.naturalOrder());
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String username = username(event.getAuthentication());
        String address = address(event.getAuthentication());
        RateLimits.Taken account = limits.take(accountFailures, subject(username));
        if (!account.allowed() || account.remaining() == 0) {
            lock(accountLock, subject(username), shorten(username), settings.failuresPerAccount()
                    + " failed sign-ins to this account; locked for " + RateLimited.inWords(settings.lock()));
        }
        RateLimits.Taken from = limits.take(addressFailures, address);
        if (!from.allowed() || from.remaining() == 0) {
            lock(addressLock, address, "address", settings.failuresPerAddress() + " failed sign-ins from "
                    + address + "; locked for " + RateLimited.inWords(settings.lock()));
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        limits.forget(accountFailures, subject(username(event.getAuthentication())));
    }

    private void lock(Limit lock, String subject, String who, String detail) {
        if (limits.take(lock, subject).allowed()) {
            log.warn("Sign-in locked: {} ({})", who, detail);
            events.publishEvent(new SignInLocked(who, detail));
        }
    }

    private static String username(Authentication authentication) {
        return authentication == null || authentication.getName() == null ? "" : authentication.getName();
    }

    private static String address(Authentication authentication) {
        return authentication != null && authentication.getDetails() instanceof WebAuthenticationDetails d
                ? ClientAddress.normalise(d.getRemoteAddress()) : "unknown";
    }

    private static String shorten(String username) {
        return username.length() > 100 ? username.substring(0, 100) + "..." : username;
    }

    /** Account names as the user store reads them: case-insensitive. */
    static String subject(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }
}
