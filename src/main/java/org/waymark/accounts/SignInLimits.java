package org.waymark.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sign-in throttling under {@code waymark.accounts.sign-in}, for the form and HTTP Basic alike, counted in Redis
 * across nodes. Failures leak away at the same rate (5 per 15 minutes by default), so guessing is throttled to that
 * rate; reaching the count locks the account (or the address) for {@code lock}, and while locked even the right
 * password is refused. A successful sign-in clears the account's count. An account name that does not exist is
 * counted and locked the same way, so a lock tells nobody whether an account exists. 0 turns a count off.
 *
 * @param failuresPerAccount failed sign-ins to one account name that lock it
 * @param failuresPerAddress failed sign-ins from one client address, to any accounts, that lock the address
 * @param lock               how long a lock lasts
 */
@ConfigurationProperties("waymark.accounts.sign-in")
record SignInLimits(Integer failuresPerAccount, Integer failuresPerAddress, Duration lock) {
    SignInLimits {
        failuresPerAccount = failuresPerAccount == null ? 5 : failuresPerAccount;
        failuresPerAddress = failuresPerAddress == null ? 20 : failuresPerAddress;
        lock = lock == null || lock.isNegative() || lock.isZero() ? Duration.ofMinutes(15) : lock;
    }
}
