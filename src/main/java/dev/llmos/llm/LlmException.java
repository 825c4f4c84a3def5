package dev.llmos.llm;

/** A model call failed; {@link #kind()} says how, {@link #status()} is the upstream HTTP status or 0. */
public class LlmException extends RuntimeException {

    public enum Kind {
        /** 429 after retries. */
        RATE_LIMITED,
        /** 529 / overloaded after retries. */
        OVERLOADED,
        /** 5xx or an error event from upstream. */
        UPSTREAM_ERROR,
        /** Could not connect, or timed out. */
        UNREACHABLE,
        /** Upstream refused the request as invalid (4xx other than 429), e.g. bad key or model. */
        REJECTED,
        /** The stream ended before the answer was complete. */
        STREAM_CUT,
        /** The caller cancelled. */
        CANCELLED
    }

    private final Kind kind;
    private final int status;

    public LlmException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }
}
