package org.waymark.conversation;

/** A broken dialog definition, naming the file and line so whoever edited it can find the mistake. */
public class DialogException extends RuntimeException {
    public DialogException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
