package dev.llmos.sync;

import dev.llmos.volume.InvalidFieldException;

/** A sync request field is missing or malformed (400 naming the field). */
public class InvalidSyncRequestException extends InvalidFieldException {

    public InvalidSyncRequestException(String field, String message) {
        super(field, message);
    }
}
