package dev.llmos.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.FileTreeIterator;

/**
 * Finds files changed in a volume's working tree behind LLMos's back and commits them, so that
 * git stays the single source of truth and nothing edited by hand is lost or silently reverted.
 * Also repairs an index left behind by a crash between a commit and the index write.
 */
final class ExternalEdits {

    private final VolumeId volume;
    private final Repository repository;

    ExternalEdits(VolumeId volume, Repository repository) {
        this.volume = volume;
        this.repository = repository;
    }

    Optional<CommitInfo> commitPending() throws IOException {
        ObjectId head = repository.resolve(VolumeWriter.BRANCH);
        IndexDiff diff = new IndexDiff(repository, head == null ? null : head, new FileTreeIterator(repository));
        if (!diff.diff()) {
            return Optional.empty();
        }
        TreeSet<String> paths = new TreeSet<>();
        paths.addAll(diff.getAdded());
        paths.addAll(diff.getChanged());
        paths.addAll(diff.getRemoved());
        paths.addAll(diff.getModified());
        paths.addAll(diff.getMissing());
        paths.addAll(diff.getUntracked());
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        Path workTree = repository.getWorkTree().toPath();
        DirCache index = repository.lockDirCache();
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            DirCacheEditor editor = index.editor();
            for (String path : paths) {
                Path file = workTree.resolve(path);
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    ObjectId blob;
                    long length = Files.size(file);
                    try (InputStream in = Files.newInputStream(file)) {
                        blob = inserter.insert(Constants.OBJ_BLOB, length, in);
                    }
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    editor.add(new DirCacheEditor.PathEdit(path) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(blob);
                            entry.setLength(length);
                            entry.setLastModified(modified);
                        }
                    });
                } else {
                    editor.add(new DirCacheEditor.DeletePath(path));
                }
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            Optional<CommitInfo> result = Optional.empty();
            if (head == null || !walk.parseCommit(head).getTree().getId().equals(tree)) {
                CommitBuilder commit = new CommitBuilder();
                PersonIdent who = new PersonIdent(Author.EXTERNAL.name(), Author.EXTERNAL.email(), Instant.now(), ZoneOffset.UTC);
                commit.setAuthor(who);
                commit.setCommitter(new PersonIdent(Author.LLMOS.name(), Author.LLMOS.email(), Instant.now(), ZoneOffset.UTC));
                commit.setTreeId(tree);
                if (head != null) {
                    commit.setParentId(head);
                }
                commit.setMessage(message(List.copyOf(paths)));
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                RefUpdate update = repository.updateRef(VolumeWriter.BRANCH);
                update.setNewObjectId(id);
                update.setExpectedOldObjectId(head == null ? ObjectId.zeroId() : head);
                update.setRefLogMessage("llmos: external edit", false);
                RefUpdate.Result r = update.update();
                if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FAST_FORWARD) {
                    throw new VolumeWriteException("could not record external edits in " + volume + ": " + r, null);
                }
                result = Optional.of(VolumeHistory.info(walk.parseCommit(id)));
            }
            index.write();
            index.commit();
            return result;
        } finally {
            index.unlock();
        }
    }

    private static String message(List<String> paths) {
        StringBuilder out = new StringBuilder("External edit: ")
                .append(paths.size()).append(paths.size() == 1 ? " file" : " files")
                .append(" changed outside LLMos\n\n");
        paths.stream().limit(50).forEach(p -> out.append("- ").append(p).append('\n'));
        if (paths.size() > 50) {
            out.append("- ... and ").append(paths.size() - 50).append(" more\n");
        }
        return out.toString();
    }
}
