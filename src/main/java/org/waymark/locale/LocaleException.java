package org.waymark.locale;

/** A language file that cannot be used, with the file and line to fix. */
public class LocaleException extends RuntimeException {
    private final String file;
    private final int line;

    public LocaleException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
