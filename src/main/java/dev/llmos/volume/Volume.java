package dev.llmos.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One git-backed volume. Reads go through {@link #snapshot()}; every write goes through the
 * volume's single writer and returns only once its commit is durable.
 */
public final class Volume {

    private final VolumeId id;
    private final Repository repository;
    private final VolumeWriter writer;
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private final ExternalEdits externalEdits;
    private final Runnable onLocalCommit;

    Volume(VolumeId id, Repository repository, Runnable onLocalCommit) throws IOException {
        this.id = id;
        this.repository = repository;
        this.onLocalCommit = onLocalCommit;
        this.writer = new VolumeWriter(id, repository, () -> {
            latest.set(null);
            onLocalCommit.run();
        });
        this.externalEdits = new ExternalEdits(id, repository);
    }

    public VolumeId id() {
        return id;
    }

    public Path directory() {
        return repository.getWorkTree().toPath();
    }

    /** The repository's git folder, for tools that talk git to other places (sync's fetch and push). */
    public Path gitDirectory() {
        return repository.getDirectory().toPath();
    }

    /**
     * A second handle on this volume's git folder, for objects and refs only (sync's fetch, merge and
     * push), writing objects as durably as the volume's own writes. The caller closes it.
     */
    public Repository openGitHandle() throws IOException {
        return DurableRepository.open(gitDirectory(), null);
    }

    /** The branch every write moves: {@code refs/heads/main}. */
    public static String branch() {
        return VolumeWriter.BRANCH;
    }

    /**
     * Moves the branch from {@code expectedHead} to {@code target}, a commit already in the
     * repository that descends from it (a fast-forward or a merge made elsewhere, e.g. by a pull),
     * and brings the working tree and index along. Runs on the writer thread, so it never races a
     * write; hand edits still pending in the working tree are committed first, in which case the
     * head has moved and nothing else happens.
     *
     * @return false when the head is no longer {@code expectedHead}: build on the new head and try again
     */
    public boolean advance(String expectedHead, String target) {
        return await(writer.run(() -> {
            if (externalEdits.commitPending().isPresent()) {
                latest.set(null);
                onLocalCommit.run();
                return false;
            }
            boolean moved = writer.advance(ObjectId.fromString(expectedHead), ObjectId.fromString(target));
            latest.set(null);
            return moved;
        }));
    }

    /** The volume as of its current head. Cheap: shared until the next commit. */
    public Snapshot snapshot() {
        Snapshot current = latest.get();
        try {
            ObjectId head = repository.resolve(VolumeWriter.BRANCH);
            if (current == null || !sameCommit(current, head)) {
                current = new Snapshot(id, repository, head);
                latest.set(current);
            }
            return current;
        } catch (IOException e) {
            throw new VolumeUnreadableException(id, e);
        }
    }

    private static boolean sameCommit(Snapshot snapshot, ObjectId head) {
        return head == null ? snapshot.commitId() == null : head.name().equals(snapshot.commitId());
    }

    /** The volume as of {@code commit}, which must be in its history. */
    public Snapshot snapshotAt(String commit) {
        try {
            return new Snapshot(id, repository, VolumeHistory.resolve(repository, id, commit));
        } catch (IOException e) {
            throw new VolumeUnreadableException(id, e);
        }
    }

    /** Writes {@code changes} as one change by {@code author}; returns once durable. */
    public CommitInfo commit(Author author, String message, List<FileChange> changes) {
        return await(commitAsync(author, message, changes));
    }

    public CompletableFuture<CommitInfo> commitAsync(Author author, String message, List<FileChange> changes) {
        return commitAsync(author, message, changes, List.of());
    }

    /**
     * Writes {@code changes} only if every expectation holds when the writer applies them;
     * otherwise fails with {@link VolumeConflictException} and writes nothing.
     */
    public CommitInfo commit(Author author, String message, List<FileChange> changes, List<Expect> expects) {
        return await(commitAsync(author, message, changes, expects));
    }

    public CompletableFuture<CommitInfo> commitAsync(Author author, String message, List<FileChange> changes,
                                                     List<Expect> expects) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a commit needs at least one change");
        }
        return writer.submit(author, message, changes, expects);
    }

    /**
     * Commits whatever was changed in the working tree by hand (editors, {@code cp}, {@code git}
     * outside LLMos) as an external edit. Runs on the writer thread, between batches.
     */
    public Optional<CommitInfo> commitExternalEdits() {
        Optional<CommitInfo> committed = await(writer.run(externalEdits::commitPending));
        if (committed.isPresent()) {
            onLocalCommit.run();
        }
        return committed;
    }

    /**
     * Packs loose objects and refs ({@code git gc}). JGit never does this by itself, and history
     * reads slow down several times over tens of thousands of loose objects. Runs on the writer
     * thread, so writes wait for it instead of racing it; meant for a quiet hour.
     *
     * @return loose objects before and after
     */
    public long[] packObjects() {
        return await(writer.run(() -> {
            long before = looseObjects();
            try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.wrap(repository)) {
                git.gc().call();
            }
            return new long[] {before, looseObjects()};
        }));
    }

    private long looseObjects() throws IOException {
        Path objects = repository.getDirectory().toPath().resolve("objects");
        try (var dirs = Files.list(objects)) {
            long count = 0;
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (name.length() == 2 && Files.isDirectory(dir)) {
                    try (var files = Files.list(dir)) {
                        count += files.count();
                    }
                }
            }
            return count;
        }
    }

    public List<CommitInfo> history(String path, int skip, int limit) {
        if (path != null && !path.isEmpty()) {
            VolumePaths.requireSafe(path);
        }
        try {
            return VolumeHistory.log(repository, path, skip, limit);
        } catch (IOException e) {
            throw new VolumeUnreadableException(id, e);
        }
    }

    public CommitInfo commitInfo(String commit) {
        try (RevWalk walk = new RevWalk(repository)) {
            return VolumeHistory.info(walk.parseCommit(VolumeHistory.resolve(repository, id, commit)));
        } catch (IOException e) {
            throw new VolumeUnreadableException(id, e);
        }
    }

    /** The files changed by {@code commit} against its first parent, optionally below one path. */
    public List<FileDiff> diff(String commit, String path) {
        try {
            return VolumeHistory.diff(repository, VolumeHistory.resolve(repository, id, commit), path);
        } catch (IOException e) {
            throw new VolumeUnreadableException(id, e);
        }
    }

    public VolumeStats stats() {
        Snapshot snapshot = snapshot();
        long skills = 0;
        long traces = 0;
        TreeSet<String> skillFolders = new TreeSet<>();
        for (Snapshot.Entry entry : snapshot.files("")) {
            String p = entry.path();
            if (p.startsWith("skills/")) {
                String rest = p.substring("skills/".length());
                if (!rest.contains("/") && rest.endsWith(".md")) {
                    skills++;
                } else if (rest.endsWith("/SKILL.md") && rest.indexOf('/') == rest.length() - "/SKILL.md".length()) {
                    skillFolders.add(rest);
                }
            } else if (p.startsWith("traces/") && p.endsWith(".json") && !p.endsWith(".feedback.json")) {
                traces++; // one file per trace; feedback files sit beside them
            }
        }
        long commits = 0;
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId head = repository.resolve(VolumeWriter.BRANCH);
            if (head != null) {
                walk.markStart(walk.parseCommit(head));
                for (var ignored : walk) {
                    commits++;
                }
            }
        } catch (IOException e) {
            throw new VolumeUnreadableException(id, e);
        }
        return new VolumeStats(id.path(), snapshot.commitId(), skills + skillFolders.size(), traces, commits,
                sizeOf(directory()));
    }

    private static long sizeOf(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a file removed while we walked
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    void close() {
        writer.close();
        repository.close();
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VolumeWriteException("interrupted while waiting for a commit", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new VolumeWriteException(String.valueOf(cause.getMessage()), cause);
        }
    }

}
