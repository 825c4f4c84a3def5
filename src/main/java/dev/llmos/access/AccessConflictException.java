package dev.llmos.access;

/** The user, team or token already exists (or, for removals, is not there); nothing was changed. */
public class AccessConflictException extends RuntimeException {
    public AccessConflictException(String message) {
        super(message);
    }
}
