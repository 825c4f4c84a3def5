import { useState } from 'react';
import { get, post } from '../lib/api';
import type { Draft } from '../lib/types';
import { Patch } from '../components/diff-view';
import { Empty, ErrorBox, Loading, useLoad } from '../components/status';

interface RunReport {
  status: string;
  traces_analyzed: number;
  patterns_detected: number;
  skills_created: number;
  proposals: number;
  notes?: string[];
}

function DraftCard({ draft, onDone }: { draft: Draft; onDone: (message: string) => void }) {
  const [reason, setReason] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ description: string; content: string } | null>(null);
  const edit = async () => {
    setError(null);
    try {
      const full = await get<{ description: string; content: string }>(`/evolution/drafts/${encodeURIComponent(draft.id)}`);
      setEditing({ description: full.description, content: (full.content ?? '').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, '') }); // the body: accept keeps the front matter
    } catch (e) {
      setError(e);
    }
  };
  const act = async (what: 'accept' | 'reject') => {
    setError(null);
    try {
      await post(`/evolution/drafts/${encodeURIComponent(draft.id)}/${what}`, what === 'reject' ? { reason } : (editing ?? {}));
      onDone(what === 'accept' ? `Accepted ${draft.id}: it is now one of your skills.` : `Rejected ${draft.id}.`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li className="card" aria-label={`Draft ${draft.id}`}>
      <h3>
        {draft.name} <span className="badge">{draft.kind === 'update' ? `update of ${draft.update_of}` : 'new'}</span>
      </h3>
      <p>{draft.description}</p>
      <p className="muted">
        From {draft.count} similar requests, {Math.round(draft.success_rate * 100)}% successful.
      </p>
      <details>
        <summary>Diff</summary>
        <Patch patch={draft.diff ?? ''} />
      </details>
      {editing && (
        <div className="fields" aria-label={`Edit ${draft.id} before accepting`} role="group">
          <label className="wide">
            Description
            <input value={editing.description} onChange={(e) => setEditing({ ...editing, description: e.target.value })} />
          </label>
          <label className="wide">
            Body
            <textarea rows={10} value={editing.content} onChange={(e) => setEditing({ ...editing, content: e.target.value })} />
          </label>
        </div>
      )}
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" onClick={() => void act('accept')}>{editing ? 'Accept edited' : 'Accept'}</button>
        {!editing && <button type="button" onClick={() => void edit()}>Edit…</button>}
        {rejecting ? (
          <form className="inline" onSubmit={(e) => { e.preventDefault(); void act('reject'); }}>
            <input aria-label="Reason for rejecting" required value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
            <button type="submit">Reject</button>
          </form>
        ) : (
          <button type="button" onClick={() => setRejecting(true)}>Reject…</button>
        )}
      </div>
    </li>
  );
}

/** Run evolution over your traces, then review the drafts and update proposals it wrote. */
export default function Evolution() {
  const { data, error, loading, reload } = useLoad(() => get<{ total: number; drafts: Draft[] }>('/evolution/drafts'), []);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<RunReport | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const [progress, setProgress] = useState<string | null>(null);

  async function run() {
    setRunning(true);
    setRunError(null);
    setMessage(null);
    setProgress(null);
    // The run answers when it is done; meanwhile its progress is read from the runs list.
    const poll = setInterval(() => {
      get<{ runs: { status: string; progress: string | null }[] }>('/evolution/runs', { limit: '1' })
        .then((r) => {
          const now = r.runs?.[0];
          if (now && now.status === 'running' && now.progress) setProgress(now.progress);
        })
        .catch(() => undefined);
    }, 700);
    try {
      setReport(await post<RunReport>('/evolve', { auto_apply: false }));
      reload();
    } catch (e) {
      setRunError(e);
    } finally {
      clearInterval(poll);
      setProgress(null);
      setRunning(false);
    }
  }

  return (
    <section aria-label="Evolution">
      <div className="toolbar">
        <h1>Evolution</h1>
        <button type="button" onClick={() => void run()} disabled={running}>
          {running ? 'Running…' : 'Run evolution'}
        </button>
      </div>
      {running && progress && <p role="status" aria-live="polite">{progress}</p>}
      <ErrorBox error={runError} />
      {report && (
        <p role="status">
          Analysed {report.traces_analyzed} traces: {report.patterns_detected} patterns, {report.skills_created} new drafts,{' '}
          {report.proposals} update proposals.
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && data.total === 0 && (
        <Empty>
          No drafts to review. Chat, rate the good answers with “▲ Good”, then run evolution: repeated, successful requests become draft skills.
        </Empty>
      )}
      <ul className="plain">
        {data?.drafts.map((d) => (
          <DraftCard key={d.id} draft={d} onDone={(m) => { setMessage(m); reload(); }} />
        ))}
      </ul>
    </section>
  );
}
