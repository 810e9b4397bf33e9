package org.waymark.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.openqa.selenium.WebDriver;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/** Runs axe-core on the page as it stands and fails with a readable list of WCAG 2.2 AA violations. */
public final class Accessibility {
    static final List<String> WCAG_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private Accessibility() {
    }

    public static void assertNoViolations(WebDriver driver, String where) {
        Results results = new AxeBuilder().withTags(WCAG_AA).analyze(driver);
        if (results.getErrorMessage() != null) {
            fail("axe-core could not check " + where + ": " + results.getErrorMessage());
        }
        List<Rule> violations = results.getViolations();
        if (!violations.isEmpty()) {
            fail(describe(where, violations));
        }
    }

    static String describe(String where, List<Rule> violations) {
        StringBuilder out = new StringBuilder()
                .append(violations.size()).append(" accessibility violation(s) on ").append(where).append(":\n");
        for (Rule rule : violations) {
            out.append("\n- [").append(rule.getImpact()).append("] ").append(rule.getId()).append(": ")
                    .append(rule.getHelp()).append(" (").append(rule.getHelpUrl()).append(")\n");
            for (CheckedNode node : rule.getNodes()) {
                out.append("    at ").append(node.getTarget()).append("\n       ").append(oneLine(node.getHtml()))
                        .append("\n       ").append(oneLine(node.getFailureSummary())).append("\n");
            }
        }
        return out.toString();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
