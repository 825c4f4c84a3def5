package dev.llmos.volume;

/** One file's change within a commit, with its unified diff. */
public record FileDiff(String change, String oldPath, String newPath, String patch) {
}
