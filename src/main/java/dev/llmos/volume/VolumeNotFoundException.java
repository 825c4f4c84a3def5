package dev.llmos.volume;

/** The named volume does not exist (and the operation does not create volumes). */
public class VolumeNotFoundException extends RuntimeException {
    public VolumeNotFoundException(VolumeId id) {
        super("volume " + id + " does not exist");
    }
}
