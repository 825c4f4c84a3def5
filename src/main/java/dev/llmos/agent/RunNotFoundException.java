package dev.llmos.agent;

/** No run with that id belongs to the caller (someone else's run looks the same). */
public class RunNotFoundException extends RuntimeException {
    public RunNotFoundException(String id) {
        super("run '" + id + "' not found");
    }
}
