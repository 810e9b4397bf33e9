package org.waymark.conversation;

import java.util.List;

import org.waymark.directory.ActivityDetails;
import org.waymark.directory.Suggestion;
import org.waymark.directory.SuggestionText;

/** Suggestions and details as the patient reads them: fuller on the web, within two SMS segments by text. */
final class SuggestionLines {
    private SuggestionLines() {
    }

    static String forWeb(List<Suggestion> found) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < found.size(); i++) {
            Suggestion s = found.get(i);
            sb.append(i + 1).append(". ").append(s.name());
            if (s.when() != null && !s.when().isBlank()) {
                sb.append(", ").append(s.when());
            }
            if (s.why() != null && !s.why().isBlank()) {
                sb.append(" (").append(s.why()).append(")");
            }
            if (i < found.size() - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Leaves room in two SMS segments for the reply hint the dialog adds after the list. */
    static String forSms(List<Suggestion> found, int roomForHint) {
        return SuggestionText.forSms(found, SuggestionText.MAX_SEPTETS - roomForHint);
    }

    static String details(ActivityDetails d, boolean sms) {
        StringBuilder sb = new StringBuilder(d.name());
        if (!sms && d.description() != null && !d.description().isBlank()) {
            sb.append(": ").append(d.description().strip().replaceAll("[.\\s]+$", ""));
        }
        append(sb, sms ? "" : "When: ", d.when());
        append(sb, sms ? "" : "Where: ", d.address());
        append(sb, sms ? "" : "Cost: ", d.cost());
        append(sb, sms ? "" : "Contact: ", d.contact());
        if (!sms) {
            append(sb, "Access: ", d.accessibility());
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String label, String value) {
        if (value != null && !value.isBlank()) {
            sb.append(". ").append(label).append(value);
        }
    }
}
