package dev.llmos.volume;

/**
 * A write would go through a symbolic link inside the volume (put there by hand): it could land in
 * another volume or outside the volumes folder, so LLMos refuses it. Nothing was written.
 */
public class SymlinkInVolumeException extends RuntimeException {

    public SymlinkInVolumeException(VolumeId volume, String link, String path) {
        super("cannot write " + path + " in " + volume + ": " + link + " is a symbolic link, and LLMos never writes through one "
                + "(it could point into another volume or outside the volumes folder); remove the link from that folder");
    }
}
