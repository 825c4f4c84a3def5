package dev.llmos.volume;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LogCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/** Reading a volume's history: commit lists and per-commit diffs. */
final class VolumeHistory {

    private VolumeHistory() {
    }

    static CommitInfo info(RevCommit c) {
        List<String> parents = Arrays.stream(c.getParents()).map(ObjectId::name).toList();
        return new CommitInfo(c.name(), c.abbreviate(10).name(), c.getFullMessage().strip(),
                c.getAuthorIdent().getName(), c.getAuthorIdent().getEmailAddress(),
                c.getAuthorIdent().getWhenAsInstant(), parents);
    }

    static List<CommitInfo> log(Repository repository, String path, int skip, int limit) throws IOException {
        ObjectId head = repository.resolve(VolumeWriter.BRANCH);
        if (head == null) {
            return List.of();
        }
        try (Git git = Git.wrap(repository)) {
            LogCommand log = git.log().add(head).setSkip(skip).setMaxCount(limit);
            if (path != null && !path.isEmpty()) {
                log.addPath(path);
            }
            List<CommitInfo> out = new ArrayList<>();
            for (RevCommit c : log.call()) {
                out.add(info(c));
            }
            return out;
        } catch (GitAPIException e) {
            throw new IOException(e);
        }
    }

    static ObjectId resolve(Repository repository, VolumeId volume, String commit) throws IOException {
        if (commit == null || !commit.matches("[0-9a-f]{4,40}")) {
            throw new CommitNotFoundException(volume, String.valueOf(commit));
        }
        ObjectId id;
        try {
            id = repository.resolve(commit + "^{commit}");
        } catch (org.eclipse.jgit.errors.AmbiguousObjectException e) {
            throw new InvalidNameException("commit", "'" + commit + "' is the start of several objects; give more of the commit id");
        } catch (org.eclipse.jgit.errors.MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            id = null; // the caller named an object this repository does not have (or one that is not a commit)
        }
        if (id == null) {
            throw new CommitNotFoundException(volume, commit);
        }
        // Only commits reachable from the branch belong to the volume's history.
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId head = repository.resolve(VolumeWriter.BRANCH);
            if (head == null || !walk.isMergedInto(walk.parseCommit(id), walk.parseCommit(head))) {
                throw new CommitNotFoundException(volume, commit);
            }
        }
        return id;
    }

    static List<FileDiff> diff(Repository repository, ObjectId commitId, String pathFilter) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
             DiffFormatter formatter = new DiffFormatter(new ByteArrayOutputStream())) {
            RevCommit commit = walk.parseCommit(commitId);
            formatter.setRepository(repository);
            if (pathFilter != null) {
                formatter.setPathFilter(PathFilter.create(pathFilter));
            }
            List<DiffEntry> entries;
            var reader = repository.newObjectReader();
            try (reader) {
                CanonicalTreeParser newTree = new CanonicalTreeParser(null, reader, commit.getTree());
                if (commit.getParentCount() == 0) {
                    entries = formatter.scan(new EmptyTreeIterator(), newTree);
                } else {
                    RevCommit parent = walk.parseCommit(commit.getParent(0));
                    entries = formatter.scan(new CanonicalTreeParser(null, reader, parent.getTree()), newTree);
                }
            }
            List<FileDiff> out = new ArrayList<>();
            for (DiffEntry entry : entries) {
                ByteArrayOutputStream patch = new ByteArrayOutputStream();
                try (DiffFormatter one = new DiffFormatter(patch)) {
                    one.setRepository(repository);
                    one.format(entry);
                }
                out.add(new FileDiff(entry.getChangeType().name().toLowerCase(java.util.Locale.ROOT),
                        entry.getChangeType() == DiffEntry.ChangeType.ADD ? null : entry.getOldPath(),
                        entry.getChangeType() == DiffEntry.ChangeType.DELETE ? null : entry.getNewPath(),
                        patch.toString(StandardCharsets.UTF_8)));
            }
            return out;
        }
    }
}
