package dev.llmos.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files only the server's own OS user may read: 0600 files in 0700 folders. Volumes hold traces (every
 * conversation) and {@code .access} holds token hashes, so nobody else on the machine has any business
 * there; git needs nothing more than its owner's rights. On a file system without POSIX permissions
 * these are no-ops.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Attributes for creating a file (e.g. {@code FileChannel.open(path, options, PrivateFiles.file())}). */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and its missing parents as 0700 folders; existing ones are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        return POSIX ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR)) : Files.createDirectories(dir);
    }

    /** Makes one file or folder (not what is inside) the owner's only; returns whether it was wider. Links are left alone. */
    public static boolean restrict(Path path) {
        if (!POSIX || !Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path)) {
            return false;
        }
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            // The owner's own bits stay (a read-only git object stays read-only); a folder keeps rwx for its owner.
            Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
            now.stream().filter(DIR::contains).forEach(owner::add); // DIR is exactly the owner's bits
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                owner.addAll(DIR);
            }
            if (owner.equals(now)) {
                return false;
            }
            Files.setPosixFilePermissions(path, owner);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + path, e);
        }
    }

    /** {@link #restrict} for a folder and everything below it (links are not followed). */
    public static void restrictTree(Path dir) {
        if (!POSIX || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(PrivateFiles::restrict);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions below " + dir, e);
        }
    }
}
