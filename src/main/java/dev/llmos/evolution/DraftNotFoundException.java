package dev.llmos.evolution;

/** No draft or proposal with that id in the caller's volume. */
public class DraftNotFoundException extends RuntimeException {
    public DraftNotFoundException(String id) {
        super("draft '" + id + "' not found");
    }
}
