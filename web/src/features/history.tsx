import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { get } from '../lib/api';
import { count } from '../lib/plural';
import type { Commit, FileDiff, Volume } from '../lib/types';
import { FileDiffs } from '../components/diff-view';
import { Empty, ErrorBox, Loading, useLoad } from '../components/status';
import { SyncBadge } from '../components/sync-state';

function Commits({ volume }: { volume: string }) {
  const { data, error } = useLoad(() => get<{ commits: Commit[] }>(`/volumes/${volume}/history`, { limit: 100 }), [volume]);
  const [open, setOpen] = useState<string | null>(null);
  const diff = useLoad(
    () => (open ? get<{ files: FileDiff[] }>(`/volumes/${volume}/diff/${open}`) : Promise.resolve(null)),
    [volume, open],
  );
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading />;
  if (data.commits.length === 0) return <Empty>No commits yet.</Empty>;
  return (
    <ul className="plain commits">
      {data.commits.map((c) => (
        <li key={c.id}>
          <button type="button" className="link" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>
            <code>{c.short_id}</code> {c.message.split('\n')[0]}
          </button>{' '}
          <span className="muted">{c.author}, {new Date(c.time).toLocaleString()}</span>
          {open === c.id && (diff.data ? <FileDiffs files={diff.data.files} /> : <ErrorBox error={diff.error} />)}
        </li>
      ))}
    </ul>
  );
}

/** Every volume the caller can read (with its sync state when a git server is set), and its commits with their diffs. */
export default function History() {
  const [params, setParams] = useSearchParams();
  const { data, error } = useLoad(() => get<{ volumes: Volume[] }>('/volumes'), []);
  const volume = params.get('volume') ?? data?.volumes[0]?.volume ?? '';
  return (
    <div className="with-side">
      <aside className="side" aria-label="Volumes">
        <h1>History</h1>
        <ErrorBox error={error} />
        <ul className="plain">
          {data?.volumes.map((v) => (
            <li key={v.volume}>
              <button type="button" className="link" aria-current={v.volume === volume ? 'true' : undefined} onClick={() => setParams({ volume: v.volume })}>
                {v.volume}
              </button>{' '}
              <span className="muted">{count(v.commits, 'commit')}, {count(v.skills, 'skill')}</span>
              <SyncBadge sync={v.sync} />
            </li>
          ))}
        </ul>
      </aside>
      <section aria-label="Commits">{volume ? <Commits key={volume} volume={volume} /> : <Loading />}</section>
    </div>
  );
}
