import { lazy, Suspense, useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { get, send } from '../lib/api';
import type { SkillDetail, Template } from '../lib/types';
import { Markdown } from '../components/markdown';
import { ErrorBox } from '../components/status';

// CodeMirror is its own chunk: the editor route loads it, no other screen does.
const CodeEditor = lazy(() => import('../components/code-editor'));

type Format = 'seed' | 'agent-skill';

interface Form {
  id: string;
  format: Format;
  name: string;
  description: string;
  category: string;
  keywords: string;
  license: string;
  compatibility: string;
  /** `key: value` lines. */
  metadata: string;
  content: string;
}

/** Fields an Agent Skill keeps in `metadata` that the form (or the server) manages itself. */
const MANAGED = new Set(['title', 'category', 'keywords', 'globs', 'always-apply']);

/** The pass-through fields the form does not show but must not lose when saving. */
interface Kept {
  allowed_tools: string[] | null;
  always_on: boolean;
  globs: string[] | null;
}

const EMPTY: Form = { id: '', format: 'seed', name: '', description: '', category: '', keywords: '', license: '', compatibility: '', metadata: '', content: '' };

/** A template is a whole skill file: its front matter fills the fields, its body the content. */
export function fromTemplate(text: string): Partial<Form> {
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'));
  if (!m) return { content: text };
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(m[1])?.[1]?.replace(/^["']|["']$/g, '') ?? '';
  return { name: field('name'), description: field('description'), category: field('category'), content: m[2] };
}

const PLACEHOLDER = /<[A-Za-z][^<>\n]{0,100}>/g;

/** The templates' own `<…>` placeholders still in `text` (so `List<T>` or `<div>` never count), each once. */
export function placeholdersIn(text: string, templates: Template[]): string[] {
  const known = new Set(templates.flatMap((t) => t.text.match(PLACEHOLDER) ?? []));
  return [...new Set((text.match(PLACEHOLDER) ?? []).filter((p) => known.has(p)))];
}

export function metadataText(metadata: Record<string, string> | null): string {
  return Object.entries(metadata ?? {})
    .filter(([k]) => !MANAGED.has(k))
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** `key: value` lines to a map; the lines that are not, as problems. */
export function parseMetadata(text: string): { metadata: Record<string, string>; problems: string[] } {
  const metadata: Record<string, string> = {};
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^\s*([A-Za-z0-9_.-]+)\s*:\s?(.*)$/.exec(line);
    if (!m) problems.push(`metadata line ${i + 1}: write it as key: value`);
    else if (!MANAGED.has(m[1])) metadata[m[1]] = m[2].trim();
  });
  return { metadata, problems };
}

/** Write or change a skill: front matter as a form, the Markdown body in CodeMirror with a live preview, validation errors inline. */
export default function SkillEditor() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(EMPTY);
  const [kept, setKept] = useState<Kept>({ allowed_tools: null, always_on: false, globs: null });
  const [etag, setEtag] = useState<string | null>(null);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  /** Placeholders found at the last Save, which then waits for "Save anyway". */
  const [unfilled, setUnfilled] = useState<{ fields: string[]; body: string[] } | null>(null);
  const volume = params.get('volume') ?? '';

  useEffect(() => {
    if (id) {
      get<SkillDetail>(`/skills/${encodeURIComponent(id)}`, { volume })
        .then((s) => {
          setForm({
            id: s.id,
            format: s.format === 'agent-skill' ? 'agent-skill' : 'seed',
            name: s.name,
            description: s.description,
            category: s.category ?? '',
            keywords: s.keywords.join(', '),
            license: s.license ?? '',
            compatibility: s.compatibility ?? '',
            metadata: metadataText(s.metadata),
            content: s.content,
          });
          setKept({ allowed_tools: s.allowed_tools, always_on: s.always_on, globs: s.globs });
          setEtag(s.volume.startsWith('users/') ? s.etag : null);
        })
        .catch(setError);
    }
    // Also when editing: saving checks for the templates' placeholders.
    get<Template[]>('/skills/templates').then(setTemplates).catch(() => setTemplates([]));
  }, [id, volume]);

  const set = (key: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const agent = form.format === 'agent-skill';

  async function save(e: React.FormEvent | null, anyway = false) {
    e?.preventDefault();
    setError(null);
    if (!anyway) {
      const fields = placeholdersIn([form.name, form.description, form.keywords].join('\n'), templates);
      const body = placeholdersIn(form.content, templates);
      if (fields.length || body.length) {
        setUnfilled({ fields, body });
        return;
      }
    }
    setUnfilled(null);
    const { metadata, problems } = parseMetadata(form.metadata);
    if (agent && problems.length) {
      setError(new Error(problems.join('; ')));
      return;
    }
    setSaving(true);
    const body = {
      name: form.name,
      description: form.description,
      category: form.category || undefined,
      keywords: form.keywords.split(',').map((k) => k.trim()).filter(Boolean),
      content: form.content,
      format: form.format,
      ...(agent
        ? {
            license: form.license || undefined,
            compatibility: form.compatibility || undefined,
            metadata,
            allowed_tools: kept.allowed_tools ?? undefined,
            always_on: kept.always_on,
            globs: kept.globs ?? undefined,
          }
        : {}),
    };
    try {
      const saved = await send<{ skill: SkillDetail }>('PUT', `/skills/${encodeURIComponent(form.id.trim())}`, body, etag ? { 'If-Match': `"${etag}"` } : {});
      navigate(`/ui/skills/${encodeURIComponent(saved.skill.id)}?volume=${encodeURIComponent(saved.skill.volume)}`);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const plain = (
    <textarea aria-label="Body (Markdown)" value={form.content} onChange={set('content')} rows={20} spellCheck />
  );

  return (
    <form className="editor" onSubmit={save} aria-label="Skill editor">
      <div className="toolbar">
        <h1>{id ? `Edit ${id}` : 'New skill'}</h1>
        {!id && templates.length > 0 && (
          <select aria-label="Start from template" defaultValue="" onChange={(e) => {
            const t = templates.find((x) => x.id === e.target.value);
            if (t) setForm((f) => ({ ...f, ...fromTemplate(t.text) }));
          }}>
            <option value="">Start from a template…</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>{t.name}</option>
            ))}
          </select>
        )}
      </div>
      {id && !volume.startsWith('users/') && (
        <p className="muted">Saving writes your own copy, which overrides the {volume} one for you.</p>
      )}
      <fieldset className="fields">
        <legend>Front matter</legend>
        <label>Id<input required value={form.id} onChange={set('id')} disabled={!!id} placeholder="my-skill" pattern="[a-z0-9]+(-[a-z0-9]+)*" title="a-z, 0-9 and single hyphens" /></label>
        <label>
          Format
          <select value={form.format} onChange={set('format')} disabled={!!id}>
            <option value="seed">Skill file (skills/id.md)</option>
            <option value="agent-skill">Agent Skill (skills/id/SKILL.md)</option>
          </select>
        </label>
        <label>Name<input required value={form.name} onChange={set('name')} /></label>
        <label>Category<input value={form.category} onChange={set('category')} /></label>
        <label className="wide">Description<input value={form.description} onChange={set('description')} placeholder="Use when …" /></label>
        <label>Keywords<input value={form.keywords} onChange={set('keywords')} placeholder="comma, separated" /></label>
        {agent && (
          <>
            <label>License<input value={form.license} onChange={set('license')} placeholder="e.g. Apache-2.0" /></label>
            <label>Compatibility<input value={form.compatibility} onChange={set('compatibility')} placeholder="e.g. needs git" /></label>
            <label className="wide">
              Metadata (key: value per line)
              <textarea value={form.metadata} onChange={set('metadata')} rows={3} placeholder="owner: platform-team" />
            </label>
          </>
        )}
      </fieldset>
      <ErrorBox error={error} />
      {unfilled && (
        <div role="alert" className="error unfilled">
          <strong>This still has the template's placeholders.</strong>
          {unfilled.fields.length > 0 && (
            <p>
              In the name, description or keywords: {unfilled.fields.join(', ')}. Until those are your own, the skill is saved
              but not offered to the model.
            </p>
          )}
          {unfilled.body.length > 0 && <p>In the body: {unfilled.body.slice(0, 8).join(', ')}{unfilled.body.length > 8 ? ', …' : ''}.</p>}
          <div className="actions">
            <button type="button" onClick={() => setUnfilled(null)}>Keep editing</button>
            <button type="button" className="small" onClick={() => void save(null, true)}>Save anyway</button>
          </div>
        </div>
      )}
      <div className="two">
        <div className="body">
          <span id="body-label">Body (Markdown)</span>
          <Suspense fallback={plain}>
            <CodeEditor value={form.content} onChange={(content) => setForm((f) => ({ ...f, content }))} label="Body (Markdown)" />
          </Suspense>
        </div>
        <section aria-label="Preview" className="preview">
          <Markdown text={form.content} />
        </section>
      </div>
      <button type="submit" disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>
    </form>
  );
}
