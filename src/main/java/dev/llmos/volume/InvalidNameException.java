package dev.llmos.volume;

/** A name or path given by a caller is not acceptable; nothing was read or written. */
public class InvalidNameException extends InvalidFieldException {

    public InvalidNameException(String field, String message) {
        super(field, field + ": " + message);
    }
}
