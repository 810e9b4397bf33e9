package org.waymark.accounts;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Link worker and admin accounts. {@code adminUsername}/{@code adminPassword} come from
 * {@code WAYMARK_ADMIN_USERNAME}/{@code WAYMARK_ADMIN_PASSWORD}; {@code users} are further accounts with bcrypt
 * hashes ({@code {bcrypt}$2a$...}).
 */
@ConfigurationProperties("waymark.accounts")
public record AccountSettings(String adminUsername, String adminPassword, List<User> users) {
    public AccountSettings {
        users = users == null ? List.of() : List.copyOf(users);
        if (adminUsername == null || adminUsername.isBlank()) {
            adminUsername = "admin";
        }
    }

    /** {@code role} is {@code WORKER} or {@code ADMIN}. */
    public record User(String username, String passwordHash, String role, String displayName) {
    }
}
