package dev.llmos.volume;

/**
 * A field of a request is missing or malformed; nothing was read or written. Each feature's
 * "invalid request" error extends this, so every entry point reports them alike: a 400 that names
 * the field.
 */
public class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    protected InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
