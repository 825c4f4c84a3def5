package dev.llmos.promotion;

/**
 * The target's copy of the skill changed since the request was opened, so approving it would
 * overwrite someone's work (409). The request is now marked stale; nothing was written to the
 * target. {@link #promotion()} is the updated request; its diff shows the three-way difference.
 */
public class PromotionStaleException extends PromotionStateException {

    private final Promotion promotion;

    public PromotionStaleException(String message, Promotion promotion) {
        super(message);
        this.promotion = promotion;
    }

    public Promotion promotion() {
        return promotion;
    }
}
