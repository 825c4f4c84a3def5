package dev.llmos.volume;

/**
 * A condition a write needs to hold when it is applied: the file at {@code path} has the content
 * {@code blobId} (a git blob id), or does not exist when {@code blobId} is null. Checked on the
 * writer thread against the volume as it stands, so check-then-write cannot race.
 */
public record Expect(String path, String blobId) {

    public Expect {
        path = VolumePaths.requireSafe(path);
        if (blobId != null && !blobId.matches("[0-9a-f]{40}")) {
            throw new InvalidNameException("etag", "'" + VolumeId.printable(blobId) + "' is not a content version (40 hex digits)");
        }
    }

    public static Expect absent(String path) {
        return new Expect(path, null);
    }
}
