package dev.llmos.volume;

/** One change to a file of a volume, applied as part of a commit. */
public sealed interface FileChange {

    String path();

    /** Create or replace the file at {@code path}. */
    record Put(String path, byte[] content) implements FileChange {
        public Put {
            path = VolumePaths.requireSafe(path);
        }
    }

    /** Delete the file at {@code path}, or every file below it when it is a folder. */
    record Delete(String path) implements FileChange {
        public Delete {
            path = VolumePaths.requireSafe(path);
        }
    }
}
