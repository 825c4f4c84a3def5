package dev.llmos.volume;

/**
 * Told after a volume's branch moved because of a local write (an API write or a committed hand
 * edit), never for changes brought in from elsewhere. Lets a feature above (sync) react to writes
 * without this package knowing it. Runs on the volume's writer thread: return quickly.
 */
@FunctionalInterface
public interface CommitListener {

    void committed(VolumeId volume);
}
