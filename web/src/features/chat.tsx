import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { get } from '../lib/api';
import type { Feedback, SkillRef, TraceView, Usage } from '../lib/types';
import { Markdown } from '../components/markdown';
import { Empty, ErrorBox, useLoad } from '../components/status';
import { FeedbackBar } from './feedback';
import { streamChat } from './chat-stream';
import { MentionTextarea } from './skill-mention';

interface Turn {
  request: string;
  response: string;
  skills: SkillRef[];
  usage: Usage | null;
  cost: number | null;
  model: string | null;
  traceId: string | null;
  feedback: Feedback | null;
  error: string | null;
  streaming: boolean;
}

const fromTrace = (v: TraceView): Turn => ({
  request: v.trace.request,
  response: v.trace.response ?? '',
  skills: v.trace.skills,
  usage: v.trace.usage,
  cost: v.trace.cost_usd,
  model: v.trace.model,
  traceId: v.trace.id,
  feedback: v.feedback,
  error: null,
  streaming: false,
});

/** Conversations, newest first: the first request of each. */
function Conversations({ current, version }: { current?: string; version: number }) {
  const { data, error } = useLoad(() => get<{ traces: TraceView[] }>('/traces', { limit: 200 }), [version]);
  const seen = new Map<string, string>();
  for (const v of data?.traces ?? []) seen.set(v.trace.conversation_id, v.trace.request);
  return (
    <aside className="side" aria-label="Conversations">
      <Link to="/ui/chat" className="button">New chat</Link>
      <ErrorBox error={error} />
      {data && seen.size === 0 && <p className="muted">No conversations yet.</p>}
      <ul className="plain">
        {[...seen.entries()].map(([id, first]) => (
          <li key={id}>
            <Link to={`/ui/chat/${id}`} aria-current={id === current ? 'page' : undefined}>
              {first.slice(0, 60)}
            </Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}

export default function Chat() {
  const { conversation } = useParams();
  const navigate = useNavigate();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const conversationRef = useRef<string | undefined>(conversation);
  const streaming = turns.some((t) => t.streaming);

  useEffect(() => {
    if (conversation === conversationRef.current && turns.length) return;
    conversationRef.current = conversation;
    if (!conversation) {
      setTurns([]);
      return;
    }
    get<{ traces: TraceView[] }>('/traces', { conversation_id: conversation, limit: 200 })
      .then((d) => setTurns(d.traces.map(fromTrace).reverse()))
      .catch(setError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversation]);

  const update = (fn: (t: Turn) => Turn) => setTurns((all) => all.map((t, i) => (i === all.length - 1 ? fn(t) : t)));

  async function send() {
    const message = draft.trim();
    if (!message || streaming) return;
    setDraft('');
    setError(null);
    setTurns((all) => [...all, { request: message, response: '', skills: [], usage: null, cost: null, model: null, traceId: null, feedback: null, error: null, streaming: true }]);
    const controller = new AbortController();
    abort.current = controller;
    try {
      await streamChat(
        { message, conversation_id: conversationRef.current, include_skills: true, max_skills: 5 },
        {
          onSkills: (skills) => update((t) => ({ ...t, skills })),
          onDelta: (text) => update((t) => ({ ...t, response: t.response + text })),
          onUsage: (usage, cost, model) => update((t) => ({ ...t, usage, cost, model })),
          onDone: (traceId, conversationId) => {
            update((t) => ({ ...t, traceId }));
            if (conversationRef.current !== conversationId) {
              conversationRef.current = conversationId;
              navigate(`/ui/chat/${conversationId}`, { replace: true });
            }
          },
          onError: (message) => update((t) => ({ ...t, error: message })),
        },
        controller.signal,
      );
    } catch (e) {
      if (controller.signal.aborted) update((t) => ({ ...t, error: 'Stopped.' }));
      else setError(e);
    } finally {
      update((t) => ({ ...t, streaming: false }));
      abort.current = null;
      setVersion((v) => v + 1);
    }
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    } else if (e.key === 'Escape') {
      abort.current?.abort();
    }
  }

  return (
    <div className="with-side">
      <Conversations current={conversation} version={version} />
      <section className="chat" aria-label="Chat">
        <div className="turns" aria-live="polite">
          {turns.length === 0 && (
            <Empty>
              Ask anything. LLMos picks the skills that fit your request from your, your team's and the system's volumes.
              Type $ to pick a skill yourself. Enter sends, Shift+Enter adds a line, Esc stops the answer.
            </Empty>
          )}
          {turns.map((t, i) => (
            <article key={i} className="turn">
              <div className="you">{t.request}</div>
              <div className="answer">
                {t.skills.length > 0 && (
                  <ul className="chips" aria-label="Skills used">
                    {t.skills.map((s) => (
                      <li key={s.volume + s.id} className="chip" title={s.reason ?? s.volume}>
                        <Link to={`/ui/skills/${s.id}?volume=${encodeURIComponent(s.volume)}`}>{s.name || s.id}</Link>
                      </li>
                    ))}
                  </ul>
                )}
                <Markdown text={t.response} />
                {t.streaming && <span className="muted" aria-busy="true">…</span>}
                {t.error && <p role="alert" className="error">{t.error}</p>}
                {t.usage && (
                  <p className="meta">
                    {t.model ?? ''} · {t.usage.input_tokens} in / {t.usage.output_tokens} out tokens · $
                    {(t.cost ?? 0).toFixed(4)}
                  </p>
                )}
                {t.traceId && !t.streaming && <FeedbackBar traceId={t.traceId} initial={t.feedback} />}
              </div>
            </article>
          ))}
        </div>
        <ErrorBox error={error} />
        <form
          className="composer"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <MentionTextarea
            label="Message"
            placeholder="Message LLMos ($ mentions a skill, Enter sends, Shift+Enter for a new line)"
            value={draft}
            onChange={setDraft}
            onKeyDown={onKeyDown}
          />
          {streaming ? (
            <button type="button" onClick={() => abort.current?.abort()}>
              Stop
            </button>
          ) : (
            <button type="submit" disabled={!draft.trim()}>
              Send
            </button>
          )}
        </form>
      </section>
    </div>
  );
}
