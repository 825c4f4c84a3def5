package dev.llmos.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The merge policy for two nodes' histories of one volume, decided file by file on trees (no
 * working tree, no index): a file changed on one side only takes that side's version; the same
 * change on both sides is taken once; new trace files never collide (their names are unique).
 * A file changed differently on both sides is never overwritten and never merged line by line:
 * the local version stays at its path and the remote version is added as
 * {@code conflicts/{path}@{remote commit, 12 hex}}, for a person to resolve.
 */
final class TreeMerge {

    static final String CONFLICTS = "conflicts/";

    record Outcome(ObjectId tree, List<String> conflicts) {
    }

    private record Version(ObjectId blob, FileMode mode) {
    }

    private TreeMerge() {
    }

    /** The first merge base of the two commits, or null for unrelated histories (two nodes that each created the volume). */
    static RevCommit base(Repository repository, ObjectId ours, ObjectId theirs) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(ours));
            walk.markStart(walk.parseCommit(theirs));
            return walk.next();
        }
    }

    static Outcome merge(Repository repository, ObjectInserter inserter, RevCommit base, RevCommit ours, RevCommit theirs)
            throws IOException {
        TreeMap<String, Version> result = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        String tag = theirs.getId().name().substring(0, 12);
        try (TreeWalk walk = new TreeWalk(repository)) {
            if (base == null) {
                walk.addTree(new EmptyTreeIterator());
            } else {
                walk.addTree(base.getTree());
            }
            walk.addTree(ours.getTree());
            walk.addTree(theirs.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                String path = walk.getPathString();
                Version b = version(walk, 0);
                Version o = version(walk, 1);
                Version t = version(walk, 2);
                Version chosen;
                if (Objects.equals(o, t) || Objects.equals(b, t)) {
                    chosen = o;
                } else if (Objects.equals(b, o)) {
                    chosen = t;
                } else {
                    chosen = o; // both changed it differently: local stays, remote is saved beside it
                    conflicts.add(path);
                    if (t != null) {
                        result.put(CONFLICTS + path + "@" + tag, t);
                    }
                }
                if (chosen != null) {
                    result.put(path, chosen);
                }
            }
        }
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        result.forEach((path, v) -> {
            DirCacheEntry entry = new DirCacheEntry(path);
            entry.setFileMode(v.mode());
            entry.setObjectId(v.blob());
            builder.add(entry);
        });
        builder.finish();
        return new Outcome(index.writeTree(inserter), List.copyOf(conflicts));
    }

    private static Version version(TreeWalk walk, int tree) {
        FileMode mode = walk.getFileMode(tree);
        if (mode == FileMode.MISSING || mode == FileMode.TREE) {
            return null;
        }
        return new Version(walk.getObjectId(tree).copy(), mode);
    }
}
