package org.waymark.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** The link worker accounts by name (every account is a link worker; some are administrators too), no passwords. */
@Component
public class WorkerAccounts {
    private final List<String> names;

    WorkerAccounts(AccountSettings settings) {
        List<String> all = new ArrayList<>();
        all.add(settings.adminUsername());
        settings.users().stream().map(AccountSettings.User::username).filter(n -> !all.contains(n)).forEach(all::add);
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
}
