package dev.llmos.access;

/**
 * The caller may not see this resource, so it is reported as missing: a caller cannot learn
 * whether another tenant's volume, skill or trace exists.
 */
public class NotVisibleException extends RuntimeException {
    public NotVisibleException(String what) {
        super(what + " was not found");
    }
}
