package dev.llmos.sync;

/** One sync attempt failed; the message is safe to show (no credentials). The volume keeps working locally. */
public class SyncFailedException extends RuntimeException {

    public SyncFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
