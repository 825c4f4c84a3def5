package dev.llmos.trace;

/** A trace id, rating or filter given by a caller is not acceptable. */
public class InvalidTraceRequestException extends IllegalArgumentException {

    private final String field;

    public InvalidTraceRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
