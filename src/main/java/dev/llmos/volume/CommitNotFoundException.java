package dev.llmos.volume;

/** A commit id given by a caller is malformed or not in the volume's history. */
public class CommitNotFoundException extends RuntimeException {
    public CommitNotFoundException(VolumeId volume, String commit) {
        super("commit '" + VolumeId.printable(commit) + "' is not in the history of volume " + volume);
    }
}
