package dev.llmos.volume;

import java.util.Locale;

/** A write could not be made durable; nothing of it was acknowledged. */
public class VolumeWriteException extends RuntimeException {
    public VolumeWriteException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the write failed because the disk (or the user's quota) is full: Java reports ENOSPC and
     * EDQUOT only through the operating system's message, so the causes are searched for it.
     */
    public boolean diskFull() {
        for (Throwable t = this; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (saysDiskFull(t)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (saysDiskFull(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean saysDiskFull(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("no space left on device") || m.contains("disk quota exceeded");
    }
}
