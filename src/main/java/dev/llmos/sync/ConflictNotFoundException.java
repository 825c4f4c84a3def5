package dev.llmos.sync;

/** No saved conflict version at that path in the volume (404): resolved already, or never there. */
public class ConflictNotFoundException extends RuntimeException {

    public ConflictNotFoundException(String message) {
        super(message);
    }
}
