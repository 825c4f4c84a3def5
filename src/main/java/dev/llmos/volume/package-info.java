/**
 * Git-backed volumes: one JGit repository per volume ({@code system}, {@code teams/{team}},
 * {@code users/{user}}), written through a single writer per repository with group commit.
 *
 * <p>Public surface: {@link dev.llmos.volume.VolumeStore}, {@link dev.llmos.volume.Volume},
 * {@link dev.llmos.volume.VolumeId}, the change/commit records and the exceptions. This package
 * knows nothing of the features above it.
 */
package dev.llmos.volume;
