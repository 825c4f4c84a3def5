package dev.llmos.promotion;

import dev.llmos.volume.InvalidFieldException;

/** A field of a promotion request is missing or malformed (400). Nothing was read or written. */
public class InvalidPromotionException extends InvalidFieldException {

    public InvalidPromotionException(String field, String problem) {
        super(field, field + ": " + problem);
    }
}
