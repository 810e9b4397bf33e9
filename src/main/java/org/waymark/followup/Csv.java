package org.waymark.followup;

import java.util.List;

/**
 * CSV as RFC 4180 writes it (comma, CRLF, double quotes doubled), UTF-8 with a byte order mark so spreadsheets
 * read accents. A cell that starts with = + - @ (or a tab or CR) gets a leading quote so no spreadsheet runs it
 * as a formula.
 */
public final class Csv {
    public static final String BOM = "\uFEFF";

    private final StringBuilder out = new StringBuilder(BOM);

    public Csv row(List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    public Csv row(Object... cells) {
        return row(java.util.Arrays.asList(cells));
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
