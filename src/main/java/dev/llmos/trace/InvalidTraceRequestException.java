package dev.llmos.trace;

import dev.llmos.volume.InvalidFieldException;

/** A trace id, rating or filter given by a caller is not acceptable. */
public class InvalidTraceRequestException extends InvalidFieldException {

    public InvalidTraceRequestException(String field, String message) {
        super(field, field + ": " + message);
    }
}
