package dev.llmos.promotion;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.llmos.volume.Snapshot;

/**
 * What one promotion moves: the files of a skill or of an agent in a volume. Everything else
 * (freezing, base, stale detection, merge, revert, diff) works on this set of paths alone.
 */
sealed interface FileSet permits FileSet.OfSkill, FileSet.OfAgent {

    /** {@code skill} or {@code agent}, as stored in a record's {@code kind}. */
    String kind();

    String name();

    boolean belongs(String path);

    /** Path to blob id of each of its files, sorted; empty when the snapshot is null (no volume yet). */
    Map<String, String> blobs(Snapshot snapshot);

    /** The paths whose history holds every commit that touched the set (where to look for trailers). */
    List<String> historyPaths();

    default String label() {
        return kind() + " " + name();
    }

    /** A skill: its seed file {@code skills/{id}.md} and every file below {@code skills/{id}/}. */
    record OfSkill(String name) implements FileSet {
        @Override
        public String kind() {
            return Promotion.SKILL;
        }

        @Override
        public boolean belongs(String path) {
            return SkillFiles.belongs(name, path);
        }

        @Override
        public Map<String, String> blobs(Snapshot snapshot) {
            return SkillFiles.blobs(snapshot, name);
        }

        @Override
        public List<String> historyPaths() {
            return List.of(SkillFiles.seedPath(name), SkillFiles.folder(name));
        }
    }

    /** An agent: its one file {@code agents/{name}.md}. */
    record OfAgent(String name) implements FileSet {
        @Override
        public String kind() {
            return Promotion.AGENT;
        }

        String path() {
            return "agents/" + name + ".md";
        }

        @Override
        public boolean belongs(String path) {
            return path().equals(path);
        }

        @Override
        public Map<String, String> blobs(Snapshot snapshot) {
            Map<String, String> out = new TreeMap<>();
            if (snapshot != null) {
                snapshot.blobId(path()).ifPresent(b -> out.put(path(), b));
            }
            return out;
        }

        @Override
        public List<String> historyPaths() {
            return List.of(path());
        }
    }
}
