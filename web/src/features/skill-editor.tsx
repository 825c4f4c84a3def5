import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { get, send } from '../lib/api';
import type { SkillDetail, Template } from '../lib/types';
import { Markdown } from '../components/markdown';
import { ErrorBox } from '../components/status';

interface Form {
  id: string;
  name: string;
  description: string;
  category: string;
  keywords: string;
  content: string;
}

const EMPTY: Form = { id: '', name: '', description: '', category: '', keywords: '', content: '' };

/** A template is a whole skill file: its front matter fills the fields, its body the content. */
export function fromTemplate(text: string): Partial<Form> {
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'));
  if (!m) return { content: text };
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(m[1])?.[1]?.replace(/^["']|["']$/g, '') ?? '';
  return { name: field('name'), description: field('description'), category: field('category'), content: m[2] };
}

/** Write or change a skill: fields, the Markdown body with a live preview, validation errors inline. */
export default function SkillEditor() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(EMPTY);
  const [etag, setEtag] = useState<string | null>(null);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const volume = params.get('volume') ?? '';

  useEffect(() => {
    if (id) {
      get<SkillDetail>(`/skills/${encodeURIComponent(id)}`, { volume })
        .then((s) => {
          setForm({ id: s.id, name: s.name, description: s.description, category: s.category ?? '', keywords: s.keywords.join(', '), content: s.content });
          setEtag(s.volume.startsWith('users/') ? s.etag : null);
        })
        .catch(setError);
    } else {
      get<Template[]>('/skills/templates').then(setTemplates).catch(() => setTemplates([]));
    }
  }, [id, volume]);

  const set = (key: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm({ ...form, [key]: e.target.value });

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const body = {
      name: form.name,
      description: form.description,
      category: form.category || undefined,
      keywords: form.keywords.split(',').map((k) => k.trim()).filter(Boolean),
      content: form.content,
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

  return (
    <form className="editor" onSubmit={save} aria-label="Skill editor">
      <div className="toolbar">
        <h1>{id ? `Edit ${id}` : 'New skill'}</h1>
        {!id && templates.length > 0 && (
          <select aria-label="Start from template" defaultValue="" onChange={(e) => {
            const t = templates.find((x) => x.id === e.target.value);
            if (t) setForm({ ...form, ...fromTemplate(t.text) });
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
      <div className="fields">
        <label>Id<input required value={form.id} onChange={set('id')} disabled={!!id} placeholder="my-skill" /></label>
        <label>Name<input required value={form.name} onChange={set('name')} /></label>
        <label className="wide">Description<input value={form.description} onChange={set('description')} placeholder="Use when …" /></label>
        <label>Category<input value={form.category} onChange={set('category')} /></label>
        <label>Keywords<input value={form.keywords} onChange={set('keywords')} placeholder="comma, separated" /></label>
      </div>
      <ErrorBox error={error} />
      <div className="two">
        <label className="body">
          Body (Markdown)
          <textarea value={form.content} onChange={set('content')} rows={20} spellCheck />
        </label>
        <section aria-label="Preview" className="preview">
          <Markdown text={form.content} />
        </section>
      </div>
      <button type="submit" disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>
    </form>
  );
}
