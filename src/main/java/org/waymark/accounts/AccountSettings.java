package org.waymark.accounts;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Link worker and admin accounts. {@code adminUsername}/{@code adminPassword} come from
 * {@code WAYMARK_ADMIN_USERNAME}/{@code WAYMARK_ADMIN_PASSWORD}; {@code users} are further accounts with bcrypt
 * hashes ({@code {bcrypt}$2a$...}).
 *
 * @param adminLanguages the languages the administrator speaks besides English ({@code WAYMARK_ADMIN_LANGUAGES},
 *                       comma-separated), as {@link User#languages()}
 */
@ConfigurationProperties("waymark.accounts")
public record AccountSettings(String adminUsername, String adminPassword, List<User> users,
                              List<String> adminLanguages) {
    public AccountSettings {
        users = users == null ? List.of() : List.copyOf(users);
        if (adminUsername == null || adminUsername.isBlank()) {
            adminUsername = "admin";
        }
        adminLanguages = User.clean(adminLanguages);
    }

    /**
     * {@code role} is {@code WORKER} or {@code ADMIN}; {@code languages} are the languages the link worker speaks
     * besides English, by name or code ({@code [Bengali, Sylheti]}, {@code [bn]}): a patient who chatted in one of
     * them is marked and comes first in that worker's queue.
     */
    public record User(String username, String passwordHash, String role, String displayName,
                       List<String> languages) {
        public User {
            languages = clean(languages);
        }

        /** Trimmed, blanks and repeats (in any case) dropped, in the order given. */
        static List<String> clean(List<String> languages) {
            if (languages == null) {
                return List.of();
            }
            List<String> out = new java.util.ArrayList<>();
            for (String l : languages) {
                String t = l == null ? "" : l.strip();
                if (!t.isEmpty() && out.stream().noneMatch(t::equalsIgnoreCase)) {
                    out.add(t);
                }
            }
            return List.copyOf(out);
        }
    }
}
