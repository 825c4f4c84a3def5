package dev.llmos.volume;

/** Counts for one volume at its current head. */
public record VolumeStats(String volume, String head, long skills, long traces, long commits, long sizeBytes) {
}
