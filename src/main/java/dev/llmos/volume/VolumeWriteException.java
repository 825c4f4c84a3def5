package dev.llmos.volume;

/** A write could not be made durable; nothing of it was acknowledged. */
public class VolumeWriteException extends RuntimeException {
    public VolumeWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
