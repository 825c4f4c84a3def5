package dev.llmos.sync;

/**
 * A file that two nodes changed differently. The local version stayed at {@code path}; the remote
 * version is kept at {@code savedAs} ({@code conflicts/{path}@{remote commit}}), so neither is lost.
 * A person resolves it by writing the version they want to {@code path} and deleting {@code savedAs}.
 *
 * @param localBlob     the version at {@code path} now, or null when the local side deleted it
 * @param localContent  that version's text (UTF-8), or null
 */
public record SyncConflict(String path, String savedAs, String remoteCommit, String localBlob, String remoteBlob,
                           String localContent, String remoteContent) {
}
