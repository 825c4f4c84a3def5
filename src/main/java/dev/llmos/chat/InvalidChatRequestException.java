package dev.llmos.chat;

/** The chat request is not acceptable (empty message, too long, bad conversation id...). */
public class InvalidChatRequestException extends IllegalArgumentException {

    private final String field;

    public InvalidChatRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
