package org.waymark.accounts;

/**
 * Published when an account or a client address is locked out of signing in (for the audit trail, which the
 * handoff module keeps). Never carries a password.
 *
 * @param who    the account name tried, or {@code "address"} for an address lock
 * @param detail what happened and for how long, in words (for an address lock, which address)
 */
public record SignInLocked(String who, String detail) {
}
