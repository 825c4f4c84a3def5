package dev.llmos.volume;

/** A write's {@link Expect} did not hold: someone changed the file first. Nothing was written. */
public class VolumeConflictException extends RuntimeException {

    private final String path;
    private final String actualBlobId;

    public VolumeConflictException(VolumeId volume, String path, String expected, String actual) {
        super(path + " in " + volume + " is " + (actual == null ? "absent" : "at version " + actual)
                + ", not " + (expected == null ? "absent" : "at version " + expected) + " as the write expected");
        this.path = path;
        this.actualBlobId = actual;
    }

    public String path() {
        return path;
    }

    /** The file's current version, or null when it does not exist. */
    public String actualBlobId() {
        return actualBlobId;
    }
}
