package dev.llmos.web;

/** The request body is larger than {@code llmos.max-request-bytes}. */
class RequestTooLargeException extends RuntimeException {
    RequestTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes (LLMOS_MAX_REQUEST_BYTES)");
    }
}
