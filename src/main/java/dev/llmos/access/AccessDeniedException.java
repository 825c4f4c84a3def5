package dev.llmos.access;

/** The caller may not do this; nothing was read or written. */
public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
