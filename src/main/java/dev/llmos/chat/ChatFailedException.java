package dev.llmos.chat;

import dev.llmos.llm.LlmException;

/** The model call failed; the failure is saved as a trace ({@link #traceId()}) when it could be. */
public class ChatFailedException extends RuntimeException {

    private final String traceId;
    private final LlmException.Kind kind;

    ChatFailedException(LlmException cause, String traceId) {
        super(cause.getMessage(), cause);
        this.traceId = traceId;
        this.kind = cause.kind();
    }

    public String traceId() {
        return traceId;
    }

    public LlmException.Kind kind() {
        return kind;
    }
}
