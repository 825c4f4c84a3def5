package dev.llmos.trace;

/** No trace with that id in the caller's volume. */
public class TraceNotFoundException extends RuntimeException {
    public TraceNotFoundException(String id) {
        super("trace '" + id + "' not found");
    }
}
