package dev.llmos.volume;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * An immutable view of a volume at one commit. Reads never see half-written files: they go to
 * git objects, not the working tree.
 */
public final class Snapshot {

    /** A file in a snapshot: its path and the id of its content (changes iff the content does). */
    public record Entry(String path, String blobId) {
    }

    private final VolumeId volume;
    private final Repository repository;
    private final ObjectId commit;
    private final ObjectId tree;

    Snapshot(VolumeId volume, Repository repository, ObjectId commit) {
        this.volume = volume;
        this.repository = repository;
        this.commit = commit;
        if (commit == null) {
            this.tree = null;
        } else {
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit c = walk.parseCommit(commit);
                this.tree = c.getTree().getId();
            } catch (IOException e) {
                throw new VolumeUnreadableException(volume, e);
            }
        }
    }

    public VolumeId volume() {
        return volume;
    }

    /** The commit this snapshot shows, or {@code null} for a volume without commits. */
    public String commitId() {
        return commit == null ? null : commit.name();
    }

    public Optional<byte[]> read(String path) {
        if (tree == null || !VolumePaths.isSafe(path)) {
            return Optional.empty();
        }
        try (TreeWalk walk = TreeWalk.forPath(repository, path, tree)) {
            if (walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                return Optional.empty();
            }
            return Optional.of(repository.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes());
        } catch (org.eclipse.jgit.errors.LargeObjectException e) {
            throw new VolumeUnreadableException(volume, new IOException(path + " is too large to read into memory", e));
        } catch (IOException e) {
            throw new VolumeUnreadableException(volume, e);
        }
    }

    /** The git blob id of the file at {@code path}: its content version, usable as an ETag. */
    public Optional<String> blobId(String path) {
        if (tree == null || !VolumePaths.isSafe(path)) {
            return Optional.empty();
        }
        try (TreeWalk walk = TreeWalk.forPath(repository, path, tree)) {
            if (walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                return Optional.empty();
            }
            return Optional.of(walk.getObjectId(0).name());
        } catch (IOException e) {
            throw new VolumeUnreadableException(volume, e);
        }
    }

    public byte[] read(Entry entry) {
        try {
            return repository.open(ObjectId.fromString(entry.blobId()), Constants.OBJ_BLOB).getBytes();
        } catch (org.eclipse.jgit.errors.LargeObjectException e) {
            throw new VolumeUnreadableException(volume, new IOException(entry.path() + " is too large to read into memory", e));
        } catch (IOException e) {
            throw new VolumeUnreadableException(volume, e);
        }
    }

    /** The file's bytes, or empty when it is larger than {@code maxBytes} (never loaded then, however large). */
    public Optional<byte[]> readAtMost(Entry entry, long maxBytes) {
        try {
            var loader = repository.open(ObjectId.fromString(entry.blobId()), Constants.OBJ_BLOB);
            return loader.getSize() > maxBytes ? Optional.empty() : Optional.of(loader.getBytes());
        } catch (IOException e) {
            throw new VolumeUnreadableException(volume, e);
        }
    }

    /** The size of a file in bytes, from its object's header: cheap, whatever the size. */
    public long size(Entry entry) {
        try (var reader = repository.newObjectReader()) {
            return reader.getObjectSize(ObjectId.fromString(entry.blobId()), Constants.OBJ_BLOB);
        } catch (IOException e) {
            throw new VolumeUnreadableException(volume, e);
        }
    }

    /** Every file below {@code folder} (recursively), or the whole volume when it is empty. */
    public List<Entry> files(String folder) {
        List<Entry> out = new ArrayList<>();
        if (tree == null) {
            return out;
        }
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            if (folder != null && !folder.isEmpty()) {
                walk.setFilter(PathFilter.create(folder));
            }
            while (walk.next()) {
                if (walk.getFileMode(0) == FileMode.REGULAR_FILE || walk.getFileMode(0) == FileMode.EXECUTABLE_FILE) {
                    ObjectId blob = walk.getObjectId(0);
                    out.add(new Entry(walk.getPathString(), blob.name()));
                }
            }
        } catch (IOException e) {
            throw new VolumeUnreadableException(volume, e);
        }
        return out;
    }
}
