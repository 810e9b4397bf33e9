package org.waymark.conversation;

/** A message for a conversation that does not exist (never started, expired or deleted). */
public class UnknownSessionException extends RuntimeException {
    public UnknownSessionException() {
        super("There is no conversation with that id. It may have expired: please start a new one.");
    }
}
