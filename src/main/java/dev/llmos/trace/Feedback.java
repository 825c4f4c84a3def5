package dev.llmos.trace;

import java.time.Instant;

/** A person's verdict on a trace: {@code up} or {@code down}, with an optional comment. */
public record Feedback(String traceId, String rating, String comment, Instant time) {

    public static final int MAX_COMMENT = 4000;

    public Feedback {
        if (!"up".equals(rating) && !"down".equals(rating)) {
            throw new InvalidTraceRequestException("rating", "must be 'up' or 'down'");
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw new InvalidTraceRequestException("comment", "is longer than " + MAX_COMMENT + " characters");
        }
    }
}
