import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { get, post } from '../lib/api';
import type { Commit, FileDiff, SkillDetail } from '../lib/types';
import { Markdown } from '../components/markdown';
import { FileDiffs } from '../components/diff-view';
import { ErrorBox, Loading, useLoad } from '../components/status';

const diffPath = (volume: string, commit: string) =>
  volume === 'system' ? `/volumes/system/diff/${commit}` : `/volumes/${volume}/diff/${commit}`;

function FrontMatter({ skill }: { skill: SkillDetail }) {
  const rows: [string, string][] = [
    ['id', skill.id],
    ['volume', skill.volume],
    ['format', skill.format],
    ['category', skill.category ?? ''],
    ['keywords', skill.keywords.join(', ')],
    ['always on', skill.always_on ? 'yes' : ''],
    ['license', skill.license ?? ''],
    ['path', skill.path],
    ...Object.entries(skill.metadata ?? {}).map(([k, v]) => [`metadata.${k}`, v] as [string, string]),
  ];
  return (
    <dl className="front-matter">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

function History({ id, volume }: { id: string; volume: string }) {
  const { data, error } = useLoad(() => get<{ commits: Commit[] }>(`/skills/${encodeURIComponent(id)}/history`, { volume }), [id, volume]);
  const [open, setOpen] = useState<string | null>(null);
  const [diff, setDiff] = useState<FileDiff[] | null>(null);
  const [diffError, setDiffError] = useState<unknown>(null);
  async function show(commit: string) {
    setOpen(commit);
    setDiff(null);
    setDiffError(null);
    try {
      setDiff((await get<{ files: FileDiff[] }>(diffPath(volume, commit))).files);
    } catch (e) {
      setDiffError(e);
    }
  }
  return (
    <section aria-label="History">
      <h2>History</h2>
      <ErrorBox error={error} />
      <ul className="plain commits">
        {data?.commits.map((c) => (
          <li key={c.id}>
            <button type="button" className="link" onClick={() => void show(c.id)} aria-expanded={open === c.id}>
              <code>{c.short_id}</code> {c.message.split('\n')[0]}
            </button>{' '}
            <span className="muted">
              {c.author}, {new Date(c.time).toLocaleString()}
            </span>
            {open === c.id && (diff ? <FileDiffs files={diff} /> : <ErrorBox error={diffError} />)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Promote({ id, volume }: { id: string; volume: string }) {
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (volume === 'system') return null;
  return (
    <form
      className="inline"
      aria-label="Promote"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const p = await post<{ id: string }>('/skills/promote', { skill_id: id, from: volume, reason });
          navigate(`/ui/promotions/${p.id}`);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <input aria-label="Reason for promotion" placeholder="Why should the next layer have it?" required value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit">Promote {volume.startsWith('users/') ? 'to team' : 'to system'}</button>
      <ErrorBox error={error} />
    </form>
  );
}

export default function SkillPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const volume = params.get('volume') ?? '';
  const { data: skill, error } = useLoad(() => get<SkillDetail>(`/skills/${encodeURIComponent(id)}`, { volume }), [id, volume]);
  if (error) return <ErrorBox error={error} />;
  if (!skill) return <Loading />;
  return (
    <article className="skill">
      <div className="toolbar">
        <h1>{skill.name}</h1>
        <Link className="button" to={`/ui/skills/${encodeURIComponent(skill.id)}/edit?volume=${encodeURIComponent(skill.volume)}`}>
          Edit
        </Link>
      </div>
      <p>{skill.description}</p>
      {skill.overrides.length > 0 && <p className="muted">Also defined in: {skill.overrides.join(', ')}</p>}
      <Promote id={skill.id} volume={skill.volume} />
      <div className="two">
        <div>
          <Markdown text={skill.content} />
        </div>
        <FrontMatter skill={skill} />
      </div>
      <History id={skill.id} volume={skill.volume} />
    </article>
  );
}
