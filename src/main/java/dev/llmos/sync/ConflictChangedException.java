package dev.llmos.sync;

/** The conflicting file changed while it was being resolved (409): look at the conflict again. Nothing was written. */
public class ConflictChangedException extends RuntimeException {

    public ConflictChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
