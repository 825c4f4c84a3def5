package dev.llmos.volume;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The single writer of one volume's repository.
 *
 * <p>Callers prepare their changes on their own threads (content written to a temporary file and
 * inserted as a git blob, both fsynced), then queue them. This thread takes everything queued,
 * moves the files into the working tree, builds one commit per run of changes by the same author,
 * fsyncs the objects, moves the branch once with a compare-and-swap, and only then completes the
 * callers' futures. Concurrent writers therefore share the expensive steps (the ref update and the
 * index rewrite) without anyone seeing a lock failure.
 */
final class VolumeWriter {

    static final String BRANCH = "refs/heads/main";
    /** Work-tree files are born 0600 ({@link PrivateFiles}): traces are conversations. */
    private static final java.util.Set<StandardOpenOption> NEW_FILE = java.util.Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
    private static final int MAX_BATCH = 512;

    private sealed interface Job permits Write, Task {
    }

    private record Write(Author author, String message, List<Prepared> changes, List<Expect> expects,
                         CompletableFuture<CommitInfo> done) implements Job {
    }

    private record Task(Callable<?> body, CompletableFuture<Object> done) implements Job {
    }

    private sealed interface Prepared permits PreparedPut, PreparedDelete {
        String path();
    }

    private record PreparedPut(String path, ObjectId blob, Path temp) implements Prepared {
    }

    private record PreparedDelete(String path) implements Prepared {
    }

    private final VolumeId volume;
    private final Repository repository;
    private final Path workTree;
    private final Path tempDir;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private final Runnable afterCommit;

    VolumeWriter(VolumeId volume, Repository repository, Runnable afterCommit) throws IOException {
        this.volume = volume;
        this.repository = repository;
        this.workTree = repository.getWorkTree().toPath();
        this.tempDir = repository.getDirectory().toPath().resolve("llmos-tmp");
        this.afterCommit = afterCommit;
        PrivateFiles.createDirectories(tempDir);
        this.thread = new Thread(this::run, "volume-writer-" + volume.path());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Prepares on the caller's thread, then waits until the change is durable in git. */
    CompletableFuture<CommitInfo> submit(Author author, String message, List<FileChange> changes, List<Expect> expects) {
        if (closed) {
            return CompletableFuture.failedFuture(new VolumeWriteException("volume " + volume + " is closed", null));
        }
        List<Prepared> prepared = new ArrayList<>(changes.size());
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            for (FileChange change : changes) {
                prepared.add(change instanceof FileChange.Put put
                        ? prepare(put, inserter)
                        : new PreparedDelete(change.path()));
            }
            inserter.flush();
        } catch (IOException e) {
            discard(prepared);
            return CompletableFuture.failedFuture(new VolumeWriteException("could not store changes in " + volume, e));
        }
        CompletableFuture<CommitInfo> done = new CompletableFuture<>();
        queue.add(new Write(author, message, List.copyOf(prepared), List.copyOf(expects), done));
        return done;
    }

    /** Runs {@code body} on the writer thread, between batches, so it sees no write half-done. */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> run(Callable<T> body) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        queue.add(new Task(body, done));
        return (CompletableFuture<T>) done;
    }

    /**
     * On the writer thread only (inside {@link #run}): moves the branch to a descendant commit and
     * makes the working tree and index match it, touching only the paths that differ. Files first,
     * then the branch, then the index: a crash in between leaves files that the next start commits
     * as an external edit, which the next merge folds in, so nothing is lost.
     */
    boolean advance(ObjectId expected, ObjectId target) throws IOException {
        ObjectId head = repository.resolve(BRANCH);
        if (head == null || !head.equals(expected)) {
            return false;
        }
        if (head.equals(target)) {
            return true;
        }
        DirCache index = lockIndex();
        try (RevWalk walk = new RevWalk(repository);
             org.eclipse.jgit.treewalk.TreeWalk diff = new org.eclipse.jgit.treewalk.TreeWalk(repository)) {
            RevCommit from = walk.parseCommit(head);
            RevCommit to = walk.parseCommit(target);
            if (!walk.isMergedInto(from, to)) {
                throw new VolumeWriteException(target.name() + " does not descend from the head of " + volume, null);
            }
            diff.addTree(from.getTree());
            diff.addTree(to.getTree());
            diff.setRecursive(true);
            diff.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            DirCacheEditor editor = index.editor();
            var reader = repository.newObjectReader();
            try (reader) {
                while (diff.next()) {
                    String path = diff.getPathString();
                    if (!isPlainPath(path)) {
                        continue; // git refuses such paths too; never write outside the volume or into .git
                    }
                    String link = linkOnTheWay(path);
                    if (link != null) {
                        throw new SymlinkInVolumeException(volume, link, path);
                    }
                    Path file = workTree.resolve(path);
                    FileMode mode = diff.getFileMode(1);
                    if (mode == FileMode.MISSING || mode == FileMode.TREE || mode == FileMode.GITLINK) {
                        deleteRecursively(file);
                        editor.add(new DirCacheEditor.DeletePath(path));
                        continue;
                    }
                    ObjectId blob = diff.getObjectId(1);
                    Path temp = tempDir.resolve(UUID.randomUUID() + ".tmp");
                    try (FileChannel channel = FileChannel.open(temp, NEW_FILE, PrivateFiles.file());
                         OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                        reader.open(blob, Constants.OBJ_BLOB).copyTo(out);
                        out.flush();
                        channel.force(true);
                    }
                    PrivateFiles.createDirectories(file.getParent());
                    if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        deleteRecursively(file);
                    }
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    editor.add(new DirCacheEditor.PathEdit(path) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(blob);
                            stampFromWorkTree(entry, path);
                        }
                    });
                }
            }
            editor.finish();
            moveBranch(head, target);
            index.write();
            index.commit();
            return true;
        } finally {
            index.unlock();
        }
    }

    /** The refusal for the first change whose path goes through a link, or null when none does. */
    private SymlinkInVolumeException firstLink(List<Prepared> changes) {
        for (Prepared change : changes) {
            String link = linkOnTheWay(change.path());
            if (link != null) {
                return new SymlinkInVolumeException(volume, link, change.path());
            }
        }
        return null;
    }

    /**
     * The folder of {@code path} that is a symbolic link, or null. The last segment may be one: a rename
     * replaces the link itself, and a delete removes only the link. Whoever can plant a link here can write
     * the volumes folder anyway; refusing keeps one volume's writes from landing in another's.
     */
    private String linkOnTheWay(String path) {
        String[] segments = path.split("/");
        Path dir = workTree;
        for (int i = 0; i < segments.length - 1; i++) {
            dir = dir.resolve(segments[i]);
            if (Files.isSymbolicLink(dir)) {
                return String.join("/", java.util.Arrays.copyOf(segments, i + 1));
            }
        }
        return null;
    }

    private static boolean isPlainPath(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".")
                    || segment.toLowerCase(java.util.Locale.ROOT).equals(".git")) {
                return false;
            }
        }
        return true;
    }

    private PreparedPut prepare(FileChange.Put put, ObjectInserter inserter) throws IOException {
        Path temp = tempDir.resolve(UUID.randomUUID() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, NEW_FILE, PrivateFiles.file());
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            out.write(put.content());
            out.flush();
            channel.force(true);
        }
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, put.content());
        return new PreparedPut(put.path(), blob, temp);
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            Job first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (first instanceof Task task) {
                runTask(task);
                continue;
            }
            batch.add((Write) first);
            while (batch.size() < MAX_BATCH && queue.peek() instanceof Write) {
                batch.add((Write) queue.poll());
            }
            try {
                apply(batch);
            } catch (Exception | Error e) {
                VolumeWriteException failure = e instanceof VolumeWriteException vwe ? vwe
                        : new VolumeWriteException("could not commit to " + volume + ": " + e.getMessage(), e);
                for (Write write : batch) {
                    discard(write.changes());
                    write.done().completeExceptionally(failure); // no-op for writes already failed
                }
            }
            batch.clear();
        }
        for (Job job : queue) {
            Throwable closedError = new VolumeWriteException("volume " + volume + " was closed", null);
            if (job instanceof Write w) {
                w.done().completeExceptionally(closedError);
            } else if (job instanceof Task t) {
                t.done().completeExceptionally(closedError);
            }
        }
    }

    private void runTask(Task task) {
        try {
            task.done().complete(task.body().call());
        } catch (Exception | Error e) {
            task.done().completeExceptionally(e);
        }
    }

    private void apply(List<Write> all) throws IOException {
        DirCache index = lockIndex();
        List<Write> batch;
        try {
            batch = admit(all, index);
        } catch (RuntimeException e) {
            index.unlock();
            throw e;
        }
        if (batch.isEmpty()) {
            index.unlock();
            return;
        }
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            ObjectId oldHead = repository.resolve(BRANCH);
            ObjectId head = oldHead;
            List<CommitInfo> results = new ArrayList<>(batch.size());
            int i = 0;
            while (i < batch.size()) {
                // One commit for each run of writes by the same author. A write whose message has a
                // body (trailers that tools read back, like a promotion's) is committed alone, so its
                // message stays verbatim.
                int j = i + 1;
                if (oneLine(batch.get(i))) {
                    while (j < batch.size() && oneLine(batch.get(j)) && batch.get(j).author().equals(batch.get(i).author())) {
                        j++;
                    }
                }
                ObjectId commit = commitGroup(index, inserter, walk, head, batch.subList(i, j));
                if (commit != null) {
                    head = commit;
                }
                CommitInfo info = head == null ? null : VolumeHistory.info(walk.parseCommit(head));
                for (int k = i; k < j; k++) {
                    results.add(info);
                }
                i = j;
            }
            inserter.flush();
            if (head != null && !head.equals(oldHead)) {
                moveBranch(oldHead, head);
            }
            index.write();
            index.commit();
            for (int k = 0; k < batch.size(); k++) {
                batch.get(k).done().complete(results.get(k));
            }
        } finally {
            index.unlock();
        }
        if (afterCommit != null) {
            afterCommit.run();
        }
    }

    /**
     * Checks each write's expectations against the volume as it stands after the writes before it
     * (in this batch and committed), then places its files in the working tree. A write whose
     * expectation fails, or whose files cannot be placed, fails alone; the others go on.
     */
    private List<Write> admit(List<Write> all, DirCache index) {
        List<Write> batch = new ArrayList<>(all.size());
        java.util.Map<String, ObjectId> pending = new java.util.HashMap<>(); // path -> blob, or null once deleted
        List<String> deletedFolders = new ArrayList<>();
        for (Write write : all) {
            VolumeConflictException conflict = null;
            for (Expect expect : write.expects()) {
                ObjectId actual = current(expect.path(), index, pending, deletedFolders);
                String actualId = actual == null ? null : actual.name();
                if (!java.util.Objects.equals(actualId, expect.blobId())) {
                    conflict = new VolumeConflictException(volume, expect.path(), expect.blobId(), actualId);
                    break;
                }
            }
            if (conflict != null) {
                discard(write.changes());
                write.done().completeExceptionally(conflict);
                continue;
            }
            SymlinkInVolumeException link = firstLink(write.changes());
            if (link != null) {
                discard(write.changes());
                write.done().completeExceptionally(link);
                continue;
            }
            try {
                materialize(write.changes());
            } catch (IOException e) {
                discard(write.changes());
                write.done().completeExceptionally(new VolumeWriteException(
                        "could not write " + write.changes().get(0).path() + " in " + volume + ": " + e, e));
                continue;
            }
            for (Prepared change : write.changes()) {
                if (change instanceof PreparedPut put) {
                    pending.put(put.path(), put.blob());
                } else {
                    pending.put(change.path(), null);
                    deletedFolders.add(change.path() + "/");
                }
            }
            batch.add(write);
        }
        return batch;
    }

    private static ObjectId current(String path, DirCache index, java.util.Map<String, ObjectId> pending,
                                    List<String> deletedFolders) {
        if (pending.containsKey(path)) {
            return pending.get(path);
        }
        for (String folder : deletedFolders) {
            if (path.startsWith(folder)) {
                return null;
            }
        }
        DirCacheEntry entry = index.getEntry(path);
        return entry == null ? null : entry.getObjectId();
    }

    private ObjectId commitGroup(DirCache index, ObjectInserter inserter, RevWalk walk, ObjectId parent,
                                 List<Write> group) throws IOException {
        DirCacheEditor editor = index.editor();
        for (Write write : group) {
            for (Prepared change : write.changes()) {
                if (change instanceof PreparedPut put) {
                    editor.add(new DirCacheEditor.PathEdit(put.path()) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(put.blob());
                            stampFromWorkTree(entry, put.path());
                        }
                    });
                } else {
                    editor.add(new DirCacheEditor.DeletePath(change.path()));
                    editor.add(new DirCacheEditor.DeleteTree(change.path()));
                }
            }
        }
        editor.finish();
        ObjectId tree = index.writeTree(inserter);
        if (parent != null && walk.parseCommit(parent).getTree().getId().equals(tree)) {
            return null; // nothing changed: acknowledge with the current head, make no empty commit
        }
        CommitBuilder commit = new CommitBuilder();
        Author author = group.get(0).author();
        PersonIdent who = new PersonIdent(author.name(), author.email(), Instant.now(), java.time.ZoneOffset.UTC);
        commit.setAuthor(who);
        commit.setCommitter(new PersonIdent(Author.LLMOS.name(), Author.LLMOS.email(), Instant.now(), java.time.ZoneOffset.UTC));
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        commit.setMessage(message(group));
        return inserter.insert(commit);
    }

    private static boolean oneLine(Write write) {
        return write.message().strip().indexOf('\n') < 0;
    }

    private static String message(List<Write> group) {
        if (group.size() == 1) {
            return group.get(0).message().strip() + "\n";
        }
        StringBuilder out = new StringBuilder(group.size() + " changes\n\n");
        for (Write write : group) {
            out.append("- ").append(write.message().strip().replace('\n', ' ')).append('\n');
        }
        return out.toString();
    }

    private void moveBranch(ObjectId oldHead, ObjectId newHead) throws IOException {
        RefUpdate update = repository.updateRef(BRANCH);
        update.setNewObjectId(newHead);
        update.setExpectedOldObjectId(oldHead == null ? ObjectId.zeroId() : oldHead);
        update.setRefLogMessage("llmos: commit", false);
        RefUpdate.Result result = update.update();
        switch (result) {
            case NEW, FAST_FORWARD, FORCED -> {
            }
            case LOCK_FAILURE -> throw new VolumeWriteException("the branch of " + volume + " is locked by another git process ("
                    + BRANCH + ".lock); the write was not acknowledged", null);
            default -> throw new VolumeWriteException("branch of " + volume + " moved underneath the writer (" + result
                    + "); the write was not acknowledged", null);
        }
    }

    private void materialize(List<Prepared> changes) throws IOException {
        for (Prepared change : changes) {
            Path target = workTree.resolve(change.path());
            if (change instanceof PreparedPut put) {
                PrivateFiles.createDirectories(target.getParent());
                if (Files.isDirectory(target)) {
                    deleteRecursively(target);
                }
                Files.move(put.temp(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteRecursively(target);
            }
        }
    }

    private void stampFromWorkTree(DirCacheEntry entry, String path) {
        try {
            Path file = workTree.resolve(path);
            entry.setLength(Files.size(file));
            entry.setLastModified(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            // The index stat data is only a cache: without it git compares content instead.
            entry.setLength(0);
        }
    }

    private DirCache lockIndex() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return repository.lockDirCache();
            } catch (LockFailedException e) {
                // Another process (the CLI, or git itself) holds index.lock: wait briefly.
                if (attempt >= 200) {
                    throw new VolumeWriteException("index of " + volume + " stayed locked by another process", e);
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new VolumeWriteException("interrupted while waiting for the index of " + volume, ie);
                }
            }
        }
    }

    private void discard(List<Prepared> prepared) {
        for (Prepared p : prepared) {
            if (p instanceof PreparedPut put) {
                try {
                    Files.deleteIfExists(put.temp());
                } catch (IOException ignored) {
                    // a stray temp file is removed at the next start
                }
            }
        }
    }

    static void deleteRecursively(Path target) throws IOException {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(target)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteRecursively(child);
                }
            }
        }
        Files.delete(target);
    }

    void close() {
        closed = true;
        queue.add(new Task(() -> null, new CompletableFuture<>())); // wakes the thread; no interrupt mid-I/O
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
