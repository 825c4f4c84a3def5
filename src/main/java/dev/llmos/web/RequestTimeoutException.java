package dev.llmos.web;

/** The request's body did not arrive within {@code llmos.read-timeout} (a client sending it a byte at a time). */
class RequestTimeoutException extends RuntimeException {
    RequestTimeoutException(long millis) {
        super("the request body did not arrive within " + millis + " ms (LLMOS_READ_TIMEOUT)");
    }
}
