import { useState } from 'react';
import { Link } from 'react-router';
import type { Feedback, SkillRef, TraceView, Usage } from '../lib/types';
import { Markdown } from '../components/markdown';
import { CopyButton } from '../components/copy-button';
import { layerOf } from '../lib/layers';
import { useSession } from '../lib/session-context';
import { FeedbackBar } from './feedback';

/** One answer to one question: what was asked, what came back, and what it cost. */
export interface Answer {
  request: string;
  response: string;
  skills: SkillRef[];
  usage: Usage | null;
  cost: number | null;
  model: string | null;
  provider: string | null;
  traceId: string | null;
  feedback: Feedback | null;
  error: string | null;
  streaming: boolean;
}

/** A turn of the conversation: every version of it (regenerated or edited), and which one is shown. */
export interface Turn {
  versions: Answer[];
  shown: number;
}

export const answerOf = (v: TraceView): Answer => ({
  request: v.trace.request,
  response: v.trace.response ?? '',
  skills: v.trace.skills,
  usage: v.trace.usage,
  cost: v.trace.cost_usd,
  model: v.trace.model,
  provider: v.trace.provider ?? null,
  traceId: v.trace.id,
  feedback: v.feedback,
  error: v.trace.outcome && v.trace.outcome !== 'ok' ? 'The model call failed; this turn is saved as a failed trace.' : null,
  streaming: false,
});

const REASONS: Record<string, string> = {
  mentioned: 'you named it with $',
  'always-on': 'always on',
  retrieved: 'chosen for this message',
  continued: 'kept from the turn before',
  loaded: 'the model loaded it',
};

/** The skills an answer used, each with the layer it came from (system, team, mine) and why. */
export function SkillChips({ skills }: { skills: SkillRef[] }) {
  const { session } = useSession();
  if (skills.length === 0) return <p className="meta no-skills">No skills used</p>;
  return (
    <ul className="chips" aria-label="Skills used">
      {skills.map((s) => {
        const layer = layerOf(s.volume, session?.userId);
        return (
          <li key={s.volume + s.id} className={`chip layer-${layer.kind}`} title={`${s.volume}: ${REASONS[s.reason ?? ''] ?? s.reason ?? ''}`}>
            <Link to={`/ui/skills/${s.id}?volume=${encodeURIComponent(s.volume)}`}>{s.name || s.id}</Link>
            <span className="layer">{layer.label}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Tokens and cost of an answer; offline, the estimate apart: nothing was sent or billed. */
export function AnswerMeta({ a }: { a: Answer }) {
  if (!a.usage) return null;
  const estimated = a.usage.estimated_input_tokens ?? 0;
  if (a.provider === 'offline' || (estimated > 0 && a.usage.input_tokens === 0)) {
    return (
      <p className="meta">
        no model · about {estimated.toLocaleString('en')} input tokens estimated (nothing was sent or billed)
      </p>
    );
  }
  return (
    <p className="meta">
      {a.model ?? ''} · {a.usage.input_tokens.toLocaleString('en')} in / {a.usage.output_tokens.toLocaleString('en')} out tokens · $
      {(a.cost ?? 0).toFixed(4)}
    </p>
  );
}

interface Props {
  turn: Turn;
  index: number;
  last: boolean;
  busy: boolean;
  readOnly: boolean;
  onShow: (version: number) => void;
  onRegenerate: () => void;
  onEdit: (message: string) => void;
}

/** A question (Edit and resend) and its answer (chips, Markdown, tokens, Copy, Regenerate, versions, feedback). */
export function ChatTurn({ turn, index, last, busy, readOnly, onShow, onRegenerate, onEdit }: Props) {
  const a = turn.versions[turn.shown];
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(a.request);
  const many = turn.versions.length > 1;
  return (
    <article className="turn" aria-label={`Turn ${index + 1}`}>
      {editing ? (
        <form
          className="you editing"
          onSubmit={(e) => {
            e.preventDefault();
            if (!draft.trim()) return;
            setEditing(false);
            onEdit(draft.trim());
          }}
        >
          <textarea aria-label="Edit message" value={draft} rows={Math.min(8, draft.split('\n').length + 1)} autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
            }} />
          <div className="actions">
            <button type="submit" disabled={!draft.trim() || busy}>Send</button>
            <button type="button" className="link" onClick={() => setEditing(false)}>Cancel</button>
          </div>
        </form>
      ) : (
        <div className="you">
          <div className="text">{a.request}</div>
          {!readOnly && !busy && (
            <button type="button" className="link edit" aria-label="Edit and resend" onClick={() => { setDraft(a.request); setEditing(true); }}>
              Edit
            </button>
          )}
        </div>
      )}
      <div className="answer">
        {!a.streaming || a.skills.length > 0 ? <SkillChips skills={a.skills} /> : null}
        <Markdown text={a.response} />
        {a.streaming && <span className="muted" aria-busy="true">…</span>}
        {a.error && <p role="alert" className="error">{a.error}</p>}
        <AnswerMeta a={a} />
        {!a.streaming && (
          <div className="answer-actions">
            {many && (
              <span className="versions" role="group" aria-label="Versions">
                <button type="button" className="small" aria-label="Previous version" disabled={turn.shown === 0} onClick={() => onShow(turn.shown - 1)}>‹</button>
                <span className="meta">{turn.shown + 1} / {turn.versions.length}</span>
                <button type="button" className="small" aria-label="Next version" disabled={turn.shown === turn.versions.length - 1}
                  onClick={() => onShow(turn.shown + 1)}>›</button>
              </span>
            )}
            {a.response && <CopyButton text={a.response} what="answer" />}
            {last && !readOnly && !busy && (
              <button type="button" className="small" onClick={onRegenerate}>Regenerate</button>
            )}
            {a.traceId && <FeedbackBar key={a.traceId} traceId={a.traceId} initial={a.feedback} />}
          </div>
        )}
      </div>
    </article>
  );
}
