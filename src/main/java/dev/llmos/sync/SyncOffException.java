package dev.llmos.sync;

/** A sync was asked for, but no git server is configured ({@code LLMOS_GIT_REMOTE} is empty). */
public class SyncOffException extends RuntimeException {

    public SyncOffException() {
        super("volume sync is off: set LLMOS_GIT_REMOTE to a git server URL with {volume} in it");
    }
}
