package dev.llmos.promotion;

/** A field of a promotion request is missing or malformed (400). Nothing was read or written. */
public class InvalidPromotionException extends RuntimeException {

    private final String field;

    public InvalidPromotionException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
