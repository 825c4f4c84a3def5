package dev.llmos.trace;

/** The caller has no conversation with that id (or deleted it). */
public class ConversationNotFoundException extends RuntimeException {
    public ConversationNotFoundException(String id) {
        super("conversation '" + id + "' not found");
    }
}
