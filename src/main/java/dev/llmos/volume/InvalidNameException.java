package dev.llmos.volume;

/** A name or path given by a caller is not acceptable; nothing was read or written. */
public class InvalidNameException extends IllegalArgumentException {

    private final String field;

    public InvalidNameException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
