package dev.llmos.access;

import dev.llmos.volume.InvalidFieldException;

/** A field of an access request (user, team, token) is missing or malformed; nothing was changed. */
public class InvalidAccessRequestException extends InvalidFieldException {

    public InvalidAccessRequestException(String field, String problem) {
        super(field, field + " " + problem);
    }
}
