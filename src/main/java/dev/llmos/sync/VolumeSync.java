package dev.llmos.sync;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import dev.llmos.volume.Author;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeId;

/**
 * One volume's link to its repository on the server: fetch, merge, push, and what happened last.
 * {@link #sync} is serialized per volume; the branch moves only through {@link Volume#advance}.
 */
final class VolumeSync implements AutoCloseable {

    /** Where the server's branch is remembered after each fetch and push. */
    static final String TRACKING = "refs/remotes/origin/main";
    private static final int ATTEMPTS = 5;
    private static final int TIMEOUT_SECONDS = 30;

    private final VolumeId id;
    private final String url;
    private final SyncSettings settings;
    private final Clock clock;
    private final Object repositoryLock = new Object();
    private Repository repository;

    private volatile Instant lastPush;
    private volatile Instant lastPull;
    private volatile Instant lastAttempt;
    private volatile String lastError;
    private volatile int failures;

    VolumeSync(VolumeId id, SyncSettings settings, Clock clock) {
        this.id = id;
        this.url = settings.url(id);
        this.settings = settings;
        this.clock = clock;
    }

    int failures() {
        return failures;
    }

    /**
     * Fetches, merges what the server has, pushes what it lacks; retried at once when the server
     * moved between our fetch and our push. Returns the conflicts the merges recorded.
     */
    synchronized List<String> sync(Volume volume) {
        lastAttempt = clock.instant();
        try {
            Repository repo = repository(volume);
            List<String> conflicts = new java.util.ArrayList<>();
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                fetch(repo);
                lastPull = clock.instant();
                conflicts.addAll(integrate(repo, volume));
                if (push(repo)) {
                    lastError = null;
                    failures = 0;
                    return conflicts;
                }
            }
            throw new IOException("the server's branch kept moving during " + ATTEMPTS + " attempts to push");
        } catch (IOException | GitAPIException | RuntimeException e) {
            failures++;
            lastError = describe(e);
            throw new SyncFailedException(lastError, e);
        }
    }

    private Repository repository(Volume volume) throws IOException {
        synchronized (repositoryLock) { // not the sync lock: reading the state must not wait for a slow server
            if (repository == null) {
                repository = volume.openGitHandle();
            }
            return repository;
        }
    }

    private CredentialsProvider credentials() {
        return settings.token().isEmpty() ? null : new UsernamePasswordCredentialsProvider(settings.user(), settings.token());
    }

    private void fetch(Repository repo) throws GitAPIException {
        try (Git git = Git.wrap(repo)) {
            // A wildcard, so an empty repository on the server (nothing pushed yet) is not an error.
            git.fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"))
                    .setCredentialsProvider(credentials()).setTimeout(TIMEOUT_SECONDS).call();
        }
    }

    /** Brings the server's commits into the volume: a fast-forward, or a merge commit by the policy of {@link TreeMerge}. */
    private List<String> integrate(Repository repo, Volume volume) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            ObjectId remote = repo.resolve(TRACKING);
            ObjectId local = repo.resolve(Volume.branch());
            if (remote == null || local == null || remote.equals(local)) {
                return List.of();
            }
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit ours = walk.parseCommit(local);
                RevCommit theirs = walk.parseCommit(remote);
                if (walk.isMergedInto(theirs, ours)) {
                    return List.of(); // we are ahead: only a push is needed
                }
                ObjectId target = theirs;
                List<String> conflicts = List.of();
                if (!walk.isMergedInto(ours, theirs)) {
                    RevCommit base = TreeMerge.base(repo, ours, theirs);
                    try (ObjectInserter inserter = repo.newObjectInserter()) {
                        TreeMerge.Outcome merged = TreeMerge.merge(repo, inserter, base, ours, theirs);
                        target = inserter.insert(mergeCommit(merged, ours, theirs));
                        inserter.flush();
                        conflicts = merged.conflicts();
                    }
                }
                if (volume.advance(local.name(), target.name())) {
                    return conflicts;
                }
                // a local write landed meanwhile: merge again on top of it
            }
        }
        throw new IOException("local writes kept moving the branch while merging");
    }

    private CommitBuilder mergeCommit(TreeMerge.Outcome merged, RevCommit ours, RevCommit theirs) {
        Instant now = clock.instant();
        PersonIdent llmos = new PersonIdent(Author.LLMOS.name(), Author.LLMOS.email(), now, ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setAuthor(llmos);
        commit.setCommitter(llmos);
        commit.setTreeId(merged.tree());
        commit.setParentIds(ours, theirs);
        StringBuilder message = new StringBuilder("Sync: merge ").append(theirs.getId().abbreviate(12).name())
                .append(" from the git server\n");
        if (!merged.conflicts().isEmpty()) {
            message.append("\nChanged differently on both sides; the local version is kept, the server's is saved beside it:\n");
            for (String path : merged.conflicts()) {
                message.append("- ").append(path).append(" -> ").append(TreeMerge.CONFLICTS).append(path).append('@')
                        .append(theirs.getId().name(), 0, 12).append('\n');
            }
        }
        commit.setMessage(message.toString());
        return commit;
    }

    /** True when the server has our head afterwards; false when it moved first (fetch and merge again). */
    private boolean push(Repository repo) throws IOException, GitAPIException {
        ObjectId local = repo.resolve(Volume.branch());
        ObjectId remote = repo.resolve(TRACKING);
        if (local == null || local.equals(remote)) {
            return true;
        }
        Iterable<PushResult> results;
        try (Git git = Git.wrap(repo)) {
            results = git.push().setRemote(url).setRefSpecs(new RefSpec(local.name() + ":refs/heads/main"))
                    .setCredentialsProvider(credentials()).setTimeout(TIMEOUT_SECONDS).call();
        }
        for (PushResult result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate("refs/heads/main");
            if (update == null) {
                continue;
            }
            switch (update.getStatus()) {
                case OK, UP_TO_DATE -> {
                    RefUpdate tracking = repo.updateRef(TRACKING);
                    tracking.setNewObjectId(local);
                    tracking.setForceUpdate(true);
                    tracking.update();
                    lastPush = clock.instant();
                }
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
                    return false;
                }
                default -> throw new IOException("the server refused the push (" + update.getStatus().name()
                        .toLowerCase(Locale.ROOT) + (update.getMessage() == null ? "" : ": " + update.getMessage()) + ")");
            }
        }
        return true;
    }

    SyncState state(Volume volume, int conflicts) {
        Integer ahead = null;
        Integer behind = null;
        try {
            Repository repo = repository(volume);
            ObjectId local = repo.resolve(Volume.branch());
            ObjectId remote = repo.resolve(TRACKING);
            ahead = count(repo, local, remote);
            behind = count(repo, remote, local);
        } catch (IOException | RuntimeException e) {
            // counts are a convenience; the state says what it knows
        }
        String state = lastError != null ? "error" : lastPull == null ? "pending" : "ok";
        return new SyncState(state, RemoteNames.mask(url), ahead, behind, lastPush, lastPull, lastAttempt, lastError, conflicts);
    }

    /** Commits reachable from {@code from} but not from {@code not}, counted up to 100 000. */
    private static int count(Repository repo, ObjectId from, ObjectId not) throws IOException {
        if (from == null) {
            return 0;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRevFilter(RevFilter.ALL);
            walk.markStart(walk.parseCommit(from));
            if (not != null) {
                walk.markUninteresting(walk.parseCommit(not));
            }
            int n = 0;
            while (walk.next() != null && n < 100_000) {
                n++;
            }
            return n;
        }
    }

    /** What went wrong, for a person, without credentials. */
    private String describe(Throwable e) {
        Throwable root = e;
        boolean missing = false;
        while (root != null) {
            if (root instanceof NoRemoteRepositoryException) {
                missing = true;
            }
            String m = String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("not found") || m.contains("no such repository") || m.contains("not exported")
                    || m.contains("does not appear to be a git repository")) {
                missing = true;
            }
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        String text = missing
                ? "remote repository missing: create " + RemoteNames.mask(url)
                        + " on the git server (an empty repository; LLMos cannot create repositories over git)"
                : e.getClass().getSimpleName() + ": " + e.getMessage()
                        + (root != e && root != null && !String.valueOf(e.getMessage()).contains(String.valueOf(root.getMessage()))
                                ? " (" + root.getMessage() + ")" : "");
        if (!settings.token().isEmpty()) {
            text = text.replace(settings.token(), "***");
        }
        return RemoteNames.mask(text);
    }

    @Override
    public void close() {
        synchronized (repositoryLock) {
            if (repository != null) {
                repository.close();
                repository = null;
            }
        }
    }
}
