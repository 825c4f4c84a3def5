package dev.llmos.chat;

import dev.llmos.volume.InvalidFieldException;

/** The chat request is not acceptable (empty message, too long, bad conversation id...). */
public class InvalidChatRequestException extends InvalidFieldException {

    public InvalidChatRequestException(String field, String message) {
        super(field, field + ": " + message);
    }
}
