package org.waymark.accounts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The link worker accounts by name (every account is a link worker; some are administrators too) and the languages
 * each speaks, no passwords.
 */
@Component
public class WorkerAccounts {
    private final List<String> names;
    /** By user name in lower case. */
    private final Map<String, List<String>> languages = new HashMap<>();

    WorkerAccounts(AccountSettings settings) {
        List<String> all = new ArrayList<>();
        all.add(settings.adminUsername());
        languages.put(settings.adminUsername().toLowerCase(Locale.ROOT), settings.adminLanguages());
        for (AccountSettings.User u : settings.users()) {
            if (u.username() == null) {
                continue;
            }
            if (!all.contains(u.username())) {
                all.add(u.username());
            }
            languages.putIfAbsent(u.username().toLowerCase(Locale.ROOT), u.languages());
        }
        all.sort(String.CASE_INSENSITIVE_ORDER);
        this.names = List.copyOf(all);
    }

    /** Every account's user name, in alphabetical order. */
    public List<String> names() {
        return names;
    }

    /** The account's name as it is spelt, for a name typed in any case; null when there is no such account. */
    public String find(String name) {
        if (name == null) {
            return null;
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return names.stream().filter(n -> n.toLowerCase(Locale.ROOT).equals(wanted)).findFirst().orElse(null);
    }

    /**
     * The languages the account's link worker speaks besides English, as the account lists them ("Bengali",
     * "Sylheti"); empty when it lists none or there is no such account.
     */
    public List<String> languages(String name) {
        return name == null ? List.of() : languages.getOrDefault(name.strip().toLowerCase(Locale.ROOT), List.of());
    }
}
