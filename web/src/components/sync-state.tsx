import type { SyncState } from '../lib/types';

const when = (t: string | null | undefined) => (t ? new Date(t).toLocaleString() : 'never');

/**
 * A volume's sync with the git server, compact: state, ahead/behind, conflicts, the last error.
 * Nothing when sync is off (no LLMOS_GIT_REMOTE), unless conflicts were left from an earlier setup.
 */
export function SyncBadge({ sync }: { sync: SyncState | undefined | null }) {
  if (!sync) return null;
  const conflicts =
    sync.conflicts > 0 ? (
      <span className="badge sync-error">
        {sync.conflicts} {sync.conflicts === 1 ? 'conflict' : 'conflicts'}
      </span>
    ) : null;
  if (sync.state === 'off') return conflicts ? <span className="sync">{conflicts}</span> : null;
  const counts = [
    sync.ahead ? `↑${sync.ahead}` : null,
    sync.behind ? `↓${sync.behind}` : null,
  ].filter(Boolean).join(' ');
  const title = `sync ${sync.state}: ${sync.ahead ?? '?'} ahead, ${sync.behind ?? '?'} behind; last push ${when(sync.last_push)}, last pull ${when(sync.last_pull)}`;
  return (
    <span className="sync" title={title}>
      <span className={`badge sync-${sync.state}`} aria-label={title}>
        sync {sync.state}
        {counts ? ` ${counts}` : ''}
      </span>
      {conflicts}
      {sync.state !== 'pending' && (
        <span className="meta"> pushed {when(sync.last_push)}, pulled {when(sync.last_pull)}</span>
      )}
      {sync.last_error && <span className="error sync-last-error">{sync.last_error}</span>}
    </span>
  );
}
