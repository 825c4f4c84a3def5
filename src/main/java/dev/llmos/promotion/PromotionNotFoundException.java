package dev.llmos.promotion;

/** No promotion request has that id (404). */
public class PromotionNotFoundException extends RuntimeException {
    public PromotionNotFoundException(String id) {
        super("promotion " + id + " was not found");
    }
}
