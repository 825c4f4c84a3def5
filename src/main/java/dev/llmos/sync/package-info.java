/**
 * Volumes synced through an existing git server, so several LLMos nodes can share one store.
 * Each volume is a repository on the server ({@code LLMOS_GIT_REMOTE} with {@code {volume}} =
 * {@code system}, {@code teams-eng}, {@code users-alice}); local commits are pushed in the
 * background with backoff, the server is pulled on a schedule, on demand and from a webhook, and
 * diverged histories are merged by {@link dev.llmos.sync.TreeMerge}'s policy: traces and one-sided
 * changes merge, a file changed differently on both sides keeps the local version and saves the
 * remote one under {@code conflicts/} for a person to resolve.
 *
 * <p>Public surface: {@link dev.llmos.sync.SyncService}, {@link dev.llmos.sync.SyncSettings} and
 * the records it returns. Depends only on {@code volume}; moves a volume's branch only through
 * {@link dev.llmos.volume.Volume#advance}, which runs on the volume's writer thread.
 */
package dev.llmos.sync;
