package dev.llmos.volume;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;

/**
 * A volume's repository could not be read: damaged by hand or by the disk (a missing or corrupt
 * object, a branch pointing nowhere). Other volumes are unaffected; this one needs repair.
 */
public class VolumeUnreadableException extends UncheckedIOException {

    public VolumeUnreadableException(VolumeId volume, IOException cause) {
        super("volume " + volume + " cannot be read (" + plain(cause) + "); its repository needs repair, see "
                + "'git fsck' in that folder", cause);
    }

    private static String plain(IOException cause) {
        if (cause instanceof MissingObjectException missing) {
            return "object " + missing.getObjectId().name() + " is missing";
        }
        if (cause instanceof CorruptObjectException) {
            return "an object is corrupt";
        }
        return cause.getMessage() == null ? "read error" : cause.getMessage();
    }
}
