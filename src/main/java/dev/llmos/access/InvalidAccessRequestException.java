package dev.llmos.access;

/** A field of an access request (user, team, token) is missing or malformed; nothing was changed. */
public class InvalidAccessRequestException extends RuntimeException {

    private final String field;

    public InvalidAccessRequestException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
