package dev.llmos.evolution;

/** The skill a draft would change was changed since the draft was made; nothing was written. */
public class DraftConflictException extends RuntimeException {
    public DraftConflictException(String message) {
        super(message);
    }
}
