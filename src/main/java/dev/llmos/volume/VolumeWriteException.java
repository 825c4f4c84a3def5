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
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("no space left on device") || m.contains("disk quota exceeded")) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                String sm = s.getMessage() == null ? "" : s.getMessage().toLowerCase(Locale.ROOT);
                if (sm.contains("no space left on device") || sm.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }
}
