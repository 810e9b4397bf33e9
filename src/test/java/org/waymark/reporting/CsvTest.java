package org.waymark.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.waymark.followup.Csv;

class CsvTest {
    @Test
    void formulasAreDefusedAndQuotesAndCommasSurviveARoundTrip() {
        String text = new Csv().row("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "plain, with comma",
                "say \"hi\"", "two\nlines", -3, null).toString();
        List<List<String>> rows = ReportsTest.parse(text.substring(1));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsExactly("'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)",
                "plain, with comma", "say \"hi\"", "two\nlines", "-3", "");
    }
}
