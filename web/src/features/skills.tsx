import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { get } from '../lib/api';
import type { SkillSummary } from '../lib/types';
import { Empty, ErrorBox, Loading, useLoad } from '../components/status';
import { useSession } from '../lib/session-context';
import { layerOf, layerRank } from '../lib/layers';
import { formatLabel } from '../lib/skill-files';
import { SkillImport } from './skill-import';

/** Skills the caller sees, grouped by volume (theirs first, then their team's, then the system's), with search and filters kept in the URL. */
export default function Skills() {
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const volume = params.get('volume') ?? '';
  const category = params.get('category') ?? '';
  const [text, setText] = useState(q);
  const { data, error, loading, reload } = useLoad(
    () => get<{ total: number; skills: SkillSummary[] }>('/skills', { q, volume, category }),
    [q, volume, category],
  );
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const groups = new Map<string, SkillSummary[]>();
  for (const s of data?.skills ?? []) groups.set(s.volume, [...(groups.get(s.volume) ?? []), s]);
  const me = session?.userId;
  const ordered = [...groups.entries()].sort(([a], [b]) => layerRank(a, me) - layerRank(b, me) || a.localeCompare(b));

  return (
    <section aria-label="Skills">
      <div className="toolbar">
        <h1>Skills</h1>
        <Link className="button" to="/ui/skills/new">
          New skill
        </Link>
      </div>
      <SkillImport onDone={reload} />
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', text.trim());
        }}
      >
        <input aria-label="Search skills" placeholder="Search id, name, description" value={text} onChange={(e) => setText(e.target.value)} />
        <select aria-label="Volume" value={volume} onChange={(e) => set('volume', e.target.value)}>
          <option value="">All volumes</option>
          <option value="user">Mine</option>
          <option value="team">My team's</option>
          <option value="system">System</option>
        </select>
        <input aria-label="Category" placeholder="Category" value={category} onChange={(e) => set('category', e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && data.total === 0 && (
        <Empty>No skills match. Clear the filters, or write one with “New skill”.</Empty>
      )}
      {ordered.map(([vol, skills]) => (
        <section key={vol} aria-label={`Skills in ${vol}`}>
          <h2>
            {layerOf(vol, me).kind === 'mine' ? `Mine (${vol})` : vol} <span className="muted">({skills.length})</span>
          </h2>
          <ul className="cards">
            {skills.map((s) => (
              <li key={s.id} className="card">
                <Link to={`/ui/skills/${encodeURIComponent(s.id)}?volume=${encodeURIComponent(s.volume)}`}>
                  <strong>{s.name}</strong>
                </Link>
                {s.status === 'draft' && <span className="badge">draft</span>}
                {s.status === 'unfilled' && <span className="badge status-stale" title="Not offered to the model until its placeholders are filled in">unfilled template</span>}
                {s.category && <span className="badge">{s.category}</span>}
                <p>{s.description}</p>
                <small className="muted">{s.id} · {formatLabel(s.format)}</small>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
