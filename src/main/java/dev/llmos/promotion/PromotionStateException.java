package dev.llmos.promotion;

/** The request is not in a state that allows this, e.g. approving a merged request (409). Nothing was written. */
public class PromotionStateException extends RuntimeException {
    public PromotionStateException(String message) {
        super(message);
    }
}
