package dev.llmos.compat;

/** A compatibility call refused or failed before anything was streamed; rendered in the protocol's error shape. */
public final class CompatException extends RuntimeException {

    private final int status;

    public CompatException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
