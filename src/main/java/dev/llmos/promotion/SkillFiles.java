package dev.llmos.promotion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.llmos.volume.Expect;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.Snapshot;

/**
 * The files that make up one skill in a volume: its seed file {@code skills/{id}.md} and every file
 * of its folder {@code skills/{id}/}. A promotion moves this whole set, so a change of format
 * (seed to folder) or a removed reference file carries over too. The plan, content and diff helpers
 * work on any {@link FileSet}'s blobs (an agent's one file too).
 */
final class SkillFiles {

    /** What a merge or revert writes: the changes, and the target state they were computed against. */
    record Plan(List<FileChange> changes, List<Expect> expects) {
    }

    private SkillFiles() {
    }

    static String seedPath(String skillId) {
        return "skills/" + skillId + ".md";
    }

    static String folder(String skillId) {
        return "skills/" + skillId;
    }

    static boolean belongs(String skillId, String path) {
        return path.equals(seedPath(skillId)) || path.startsWith(folder(skillId) + "/");
    }

    /** The skill is defined in this snapshot itself: a seed file or a folder with its SKILL.md. */
    static boolean exists(Snapshot snapshot, String skillId) {
        return snapshot.blobId(seedPath(skillId)).isPresent()
                || snapshot.blobId(folder(skillId) + "/SKILL.md").isPresent();
    }

    /** Path to blob id of each of the skill's files, sorted; empty when the volume does not exist. */
    static Map<String, String> blobs(Snapshot snapshot, String skillId) {
        Map<String, String> out = new TreeMap<>();
        if (snapshot == null) {
            return out;
        }
        snapshot.blobId(seedPath(skillId)).ifPresent(b -> out.put(seedPath(skillId), b));
        for (Snapshot.Entry e : snapshot.files(folder(skillId))) {
            out.put(e.path(), e.blobId());
        }
        return out;
    }

    /** The content of each file, read from the repository of {@code snapshot}, which must hold the blobs. */
    static Map<String, byte[]> contents(Snapshot snapshot, Map<String, String> blobs) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        blobs.forEach((path, blob) -> out.put(path, snapshot.read(new Snapshot.Entry(path, blob))));
        return out;
    }

    /**
     * Makes the target's files {@code wanted} where they are {@code current} now: puts for what
     * differs, deletes for what {@code wanted} lacks, and for every path involved an expectation
     * that it is still as {@code current} says, so a concurrent change fails the write instead of
     * being overwritten.
     */
    static Plan plan(Map<String, String> current, Map<String, String> wanted, Map<String, byte[]> wantedContent) {
        List<FileChange> changes = new ArrayList<>();
        List<Expect> expects = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(current.keySet());
        paths.addAll(wanted.keySet());
        for (String path : paths) {
            expects.add(new Expect(path, current.get(path)));
            String want = wanted.get(path);
            if (want == null) {
                changes.add(new FileChange.Delete(path));
            } else if (!Objects.equals(want, current.get(path))) {
                changes.add(new FileChange.Put(path, wantedContent.get(path)));
            }
        }
        return new Plan(changes, expects);
    }

    /** Paths whose blob differs between two versions of the skill (either side may lack the path). */
    static List<String> changedPaths(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        return paths.stream().filter(p -> !Objects.equals(a.get(p), b.get(p))).toList();
    }
}
