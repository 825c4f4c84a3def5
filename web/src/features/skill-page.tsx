import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { get, post } from '../lib/api';
import type { Commit, FileDiff, SkillDetail } from '../lib/types';
import { FieldList } from '../components/field-list';
import { Markdown } from '../components/markdown';
import { FileDiffs } from '../components/diff-view';
import { ErrorBox, Loading, useLoad } from '../components/status';
import { useSession } from '../lib/session-context';
import { download, exportSkill, formatLabel } from '../lib/skill-files';
import { PromoteForm } from '../components/promote-form';

const diffPath = (volume: string, commit: string) =>
  volume === 'system' ? `/volumes/system/diff/${commit}` : `/volumes/${volume}/diff/${commit}`;

function FrontMatter({ skill }: { skill: SkillDetail }) {
  const rows: [string, string][] = [
    ['id', skill.id],
    ['volume', skill.volume],
    ['format', formatLabel(skill.format)],
    ['category', skill.category ?? ''],
    ['keywords', skill.keywords.join(', ')],
    ['always on', skill.always_on ? 'yes' : ''],
    ['license', skill.license ?? ''],
    ['path', skill.path],
    ...Object.entries(skill.metadata ?? {}).map(([k, v]) => [`metadata.${k}`, v] as [string, string]),
  ];
  return <FieldList rows={rows} />;
}

function History({ id, volume, onReverted }: { id: string; volume: string; onReverted: () => void }) {
  const { data, error, reload } = useLoad(() => get<{ commits: Commit[] }>(`/skills/${encodeURIComponent(id)}/history`, { volume }), [id, volume]);
  const { session } = useSession();
  // Revert writes, so it is offered only in the caller's own volume, and not for the newest commit.
  const writable = !!session && volume === `users/${session.userId}`;
  const [reverted, setReverted] = useState<string | null>(null);
  const [revertError, setRevertError] = useState<unknown>(null);
  async function revert(commit: Commit) {
    setRevertError(null);
    setReverted(null);
    try {
      await post(`/skills/${encodeURIComponent(id)}/revert`, { commit: commit.id, volume });
      setReverted(`Reverted ${id} to ${commit.short_id}, as a new commit.`);
      reload();
      onReverted();
    } catch (e) {
      setRevertError(e);
    }
  }
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
      <ErrorBox error={revertError} />
      {reverted && <p role="status">{reverted}</p>}
      <ul className="plain commits">
        {data?.commits.map((c, i) => (
          <li key={c.id}>
            <button type="button" className="link" onClick={() => void show(c.id)} aria-expanded={open === c.id}>
              <code>{c.short_id}</code> {c.message.split('\n')[0]}
            </button>{' '}
            <span className="muted">
              {c.author}, {new Date(c.time).toLocaleString()}
            </span>
            {writable && i > 0 && (
              <>
                {' '}
                <button type="button" className="small" aria-label={`Revert to ${c.short_id}`} onClick={() => void revert(c)}>
                  Revert
                </button>
              </>
            )}
            {open === c.id && (diff ? <FileDiffs files={diff} /> : <ErrorBox error={diffError} />)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Export({ skill }: { skill: SkillDetail }) {
  const [error, setError] = useState<unknown>(null);
  const extra = skill.format === 'agent-skill' ? skill.files.length : 0;
  return (
    <>
      <button
        type="button"
        title={extra ? `SKILL.md only: its ${extra} other files are not served by the API yet` : undefined}
        onClick={async () => {
          try {
            const { name, blob } = await exportSkill(skill);
            download(name, blob);
          } catch (e) {
            setError(e);
          }
        }}
      >
        Export {skill.format === 'agent-skill' ? '.zip' : '.md'}
      </button>
      <ErrorBox error={error} />
    </>
  );
}

export default function SkillPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const volume = params.get('volume') ?? '';
  const { data: skill, error, reload } = useLoad(() => get<SkillDetail>(`/skills/${encodeURIComponent(id)}`, { volume }), [id, volume]);
  if (error) return <ErrorBox error={error} />;
  if (!skill) return <Loading />;
  return (
    <article className="skill">
      <div className="toolbar">
        <h1>{skill.name}</h1>
        <Link className="button" to={`/ui/skills/${encodeURIComponent(skill.id)}/edit?volume=${encodeURIComponent(skill.volume)}`}>
          Edit
        </Link>
        <Export skill={skill} />
      </div>
      <p>{skill.description}</p>
      {skill.status === 'unfilled' && (
        <p className="notice error" role="note">
          This skill still has a template's placeholders in its name, description or keywords, so it is not offered to the
          model. Edit it and fill them in.
        </p>
      )}
      {skill.status === 'draft' && (
        <p className="notice muted" role="note">A draft from evolution: not offered to the model until you accept it (Evolution).</p>
      )}
      {skill.overrides.length > 0 && <p className="muted">Also defined in: {skill.overrides.join(', ')}</p>}
      <PromoteForm path="/skills/promote" label="Promote" body={{ skill_id: skill.id }} volume={skill.volume} />
      <div className="two">
        <div>
          <Markdown text={skill.content} />
        </div>
        <div>
          <FrontMatter skill={skill} />
          {skill.files.length > 0 && (
            <section aria-label="Files">
              <h2>Files</h2>
              <p className="muted">Kept with the skill in its folder (never run by LLMos).</p>
              <ul>
                {skill.files.map((f) => (
                  <li key={f}>
                    <code>{f}</code>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
      <History id={skill.id} volume={skill.volume} onReverted={reload} />
    </article>
  );
}
