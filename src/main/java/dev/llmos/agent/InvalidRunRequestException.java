package dev.llmos.agent;

import dev.llmos.volume.InvalidFieldException;

/** A run request's field is missing or malformed. */
public class InvalidRunRequestException extends InvalidFieldException {
    public InvalidRunRequestException(String field, String message) {
        super(field, message);
    }
}
