package org.waymark.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class WorkerAccountsTest {
    @Test
    void anAccountListsTheLanguagesItsWorkerSpeaksAsWrittenWithoutBlanksOrRepeats() {
        WorkerAccounts accounts = new WorkerAccounts(new AccountSettings("admin", "x", List.of(
                new AccountSettings.User("kim", "{noop}k", "WORKER", null,
                        Arrays.asList(" Bengali ", "", null, "bengali", "Sylheti")),
                new AccountSettings.User("sam", "{noop}s", "WORKER", null, null)), List.of("Urdu")));

        assertThat(accounts.names()).containsExactly("admin", "kim", "sam");
        assertThat(accounts.languages("kim")).containsExactly("Bengali", "Sylheti");
        assertThat(accounts.languages(" KIM ")).as("a name in any case").containsExactly("Bengali", "Sylheti");
        assertThat(accounts.languages("sam")).isEmpty();
        assertThat(accounts.languages("admin")).containsExactly("Urdu");
        assertThat(accounts.languages("nobody")).isEmpty();
        assertThat(accounts.languages(null)).isEmpty();
    }
}
