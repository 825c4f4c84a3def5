package dev.llmos.sync;

/** A webhook call that is not accepted: unsigned or wrongly signed (401), or the webhook is not configured (404). */
public class WebhookRefusedException extends RuntimeException {

    private final boolean configured;

    public WebhookRefusedException(boolean configured, String message) {
        super(message);
        this.configured = configured;
    }

    /** False when the webhook is off, so the route answers as if it did not exist. */
    public boolean configured() {
        return configured;
    }
}
