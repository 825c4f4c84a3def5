import { useState } from 'react';
import { Link } from 'react-router';
import { post } from '../lib/api';
import { filesForImport } from '../lib/skill-files';
import { ErrorBox } from '../components/status';

interface Imported {
  id: string;
  name: string;
  source_format: string;
  source_path: string;
  files: string[];
  warnings: string[];
}

interface ImportResult {
  volume: string;
  total: number;
  skills: Imported[];
  ignored: string[];
  failures: string[];
}

/**
 * Import a zipped SKILL.md folder, a folder, or single files (Cursor `.mdc`/`.cursorrules`, Copilot
 * `*.instructions.md`, `*.prompt.md`, …): unpacked here, sent to `POST /skills/import`, one commit.
 */
export function SkillImport({ onDone }: { onDone: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [volume, setVolume] = useState('user');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const body = await filesForImport(files);
      setResult(await post<ImportResult>('/skills/import', { volume, files: body }));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const pick = (e: React.ChangeEvent<HTMLInputElement>) => setFiles(Array.from(e.target.files ?? []));
  return (
    <details className="import">
      <summary>Import skills…</summary>
      <form className="inline" aria-label="Import skills" onSubmit={submit}>
        <label>
          Files or a zip
          <input type="file" multiple accept=".zip,.md,.mdc,.cursorrules" onChange={pick} />
        </label>
        <label>
          Or a folder
          <input type="file" {...{ webkitdirectory: '' }} onChange={pick} />
        </label>
        <label>
          Into
          <select value={volume} onChange={(e) => setVolume(e.target.value)}>
            <option value="user">My skills</option>
            <option value="team">My team's skills</option>
          </select>
        </label>
        <button type="submit" disabled={busy || files.length === 0}>{busy ? 'Importing…' : 'Import'}</button>
      </form>
      <p className="muted">
        A SKILL.md folder (zipped, or picked as a folder), Cursor .mdc and .cursorrules, Copilot *.instructions.md, *.prompt.md, *.agent.md and
        *.chatmode.md. Existing skills are never replaced: a clashing id gets a suffix.
      </p>
      <ErrorBox error={error} />
      {result && (
        <div role="status">
          <p>Imported {result.total} skill{result.total === 1 ? '' : 's'} into {result.volume}.</p>
          <ul className="plain">
            {result.skills.map((s) => (
              <li key={s.id}>
                <Link to={`/ui/skills/${encodeURIComponent(s.id)}?volume=${encodeURIComponent(result.volume)}`}>{s.name}</Link>{' '}
                <span className="muted">
                  {s.id} from {s.source_path} ({s.source_format}{s.files.length ? `, ${s.files.length} more files` : ''})
                </span>
                {s.warnings.length > 0 && (
                  <ul>{s.warnings.map((w, i) => <li key={i} className="muted">{w}</li>)}</ul>
                )}
              </li>
            ))}
          </ul>
          {result.ignored.length > 0 && <p className="muted">Not skill files, left out: {result.ignored.join(', ')}</p>}
          {result.failures.length > 0 && <p className="error">Could not convert: {result.failures.join('; ')}</p>}
        </div>
      )}
    </details>
  );
}
