package dev.llmos.access;

/** Token mode, and the request carries no token, or one that is unknown, expired or revoked. */
public class UnauthenticatedException extends RuntimeException {
    public UnauthenticatedException(String message) {
        super(message);
    }
}
