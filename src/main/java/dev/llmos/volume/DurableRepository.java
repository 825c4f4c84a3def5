package dev.llmos.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.eclipse.jgit.api.errors.InvalidRefNameException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A volume's repository, whose object inserters fsync every loose object they write before they
 * return its id: what JGit does itself only under {@code core.fsyncObjectFiles}, a key git 2.36 and
 * later warn about on every command run in the folder ("core.fsyncObjectFiles is deprecated").
 * The fsync moves from JGit's temporary file (before its rename into {@code objects/}) to the object
 * file (after it): the same bytes on disk before anything is acknowledged, and, as before, no
 * fsync of the folder. Packs (fetch, gc) are fsynced by JGit whatever the configuration; refs by
 * {@code core.fsyncRefFiles}, a key only JGit reads (see {@link VolumeStore}).
 */
final class DurableRepository extends FileRepository {

    private final Path objects;

    private DurableRepository(FileRepositoryBuilder options) throws IOException {
        super(options);
        this.objects = getObjectDatabase().getDirectory().toPath();
    }

    /** An existing repository: {@code gitDir} and, unless null, its working tree. */
    static DurableRepository open(Path gitDir, Path workTree) throws IOException {
        FileRepositoryBuilder options = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true);
        if (workTree != null) {
            options.setWorkTree(workTree.toFile());
        }
        return new DurableRepository(options.setup());
    }

    /** A new, empty repository in {@code workTree}/.git on branch {@code branch}. */
    static DurableRepository create(Path workTree, String branch) throws IOException {
        FileRepositoryBuilder options = new FileRepositoryBuilder().setGitDir(workTree.resolve(".git").toFile())
                .setWorkTree(workTree.toFile());
        try {
            options.setInitialBranch(branch);
        } catch (InvalidRefNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        DurableRepository repository = new DurableRepository(options.setup());
        repository.create();
        return repository;
    }

    @Override
    public ObjectInserter newObjectInserter() {
        return new FsyncingInserter(super.newObjectInserter(), objects);
    }

    /** Passes everything to JGit's inserter, then fsyncs the loose object file each insert created. */
    static final class FsyncingInserter extends ObjectInserter.Filter {
        private final ObjectInserter delegate;
        private final Path objects;

        FsyncingInserter(ObjectInserter delegate, Path objects) {
            this.delegate = delegate;
            this.objects = objects;
        }

        @Override
        protected ObjectInserter delegate() {
            return delegate;
        }

        @Override
        public ObjectId insert(int type, byte[] data) throws IOException {
            return insert(type, data, 0, data.length);
        }

        @Override
        public ObjectId insert(int type, byte[] data, int off, int len) throws IOException {
            // An object that is already there (loose, or in a pack) is not written again: nothing to fsync.
            Path loose = loose(idFor(type, data, off, len));
            boolean existed = Files.exists(loose);
            ObjectId id = delegate.insert(type, data, off, len);
            if (!existed) {
                force(loose);
            }
            return id;
        }

        @Override
        public ObjectId insert(int type, long length, InputStream in) throws IOException {
            // The id is known only once the stream is read, so an object that existed is fsynced again.
            ObjectId id = delegate.insert(type, length, in);
            force(loose(id));
            return id;
        }

        private Path loose(ObjectId id) {
            String name = id.name();
            return objects.resolve(name.substring(0, 2)).resolve(name.substring(2));
        }

        private static void force(Path file) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (NoSuchFileException packed) {
                // the object was in a pack already: JGit wrote no loose file
            }
        }
    }
}
