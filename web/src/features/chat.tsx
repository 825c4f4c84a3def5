import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, get } from '../lib/api';
import type { ConversationDetail, ConversationSummary, ModelChoices } from '../lib/types';
import { Empty, ErrorBox } from '../components/status';
import { streamChat } from './chat-stream';
import { MentionTextarea } from './skill-mention';
import { ConversationSidebar } from './chat-sidebar';
import { answerOf, ChatTurn, type Answer, type Turn } from './chat-turn';

const MODEL_KEY = 'llmos.model';

const pending = (request: string): Answer => ({
  request, response: '', skills: [], usage: null, cost: null, model: null, provider: null, traceId: null, feedback: null,
  error: null, streaming: true,
});

/** The models the configured provider offers (`GET /models`); the choice is kept for the tab. */
function ModelPicker({ value, onChange }: { value: string; onChange: (model: string) => void }) {
  const [choices, setChoices] = useState<ModelChoices | null>(null);
  useEffect(() => {
    get<ModelChoices>('/models').then(setChoices).catch(() => setChoices(null));
  }, []);
  useEffect(() => {
    if (choices?.configured && !choices.models.some((m) => m.id === value)) onChange(choices.default_model ?? '');
  }, [choices, value, onChange]);
  if (!choices) return null;
  if (!choices.configured) {
    return (
      <span className="model-picker muted" title="Set ANTHROPIC_API_KEY or LLMOS_OPENAI_BASE_URL and restart LLMos">
        No model configured
      </span>
    );
  }
  return (
    <label className="model-picker">
      <span className="sr-only">Model</span>
      <select aria-label="Model" value={value} onChange={(e) => onChange(e.target.value)}
        title={choices.listed ? `${choices.provider}: the models it offers` : `${choices.provider} could not list its models: ${choices.error ?? ''}`}>
        {choices.models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.display_name || m.id}
            {m.id === choices.default_model ? ' (default)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

export default function Chat() {
  const { conversation } = useParams();
  const navigate = useNavigate();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [summary, setSummary] = useState<ConversationSummary | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [model, setModel] = useState(() => sessionStorage.getItem(MODEL_KEY) ?? '');
  const [listOpen, setListOpen] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const conversationRef = useRef<string | undefined>(conversation);
  const streaming = turns.some((t) => t.versions[t.shown].streaming);
  // Agent runs and API clients' conversations (Claude Code, an SDK) are read here, not continued.
  const readOnly = summary?.kind === 'agent' || summary?.kind === 'api';
  // Until the list says otherwise (or a rename), a conversation is called by its first question, as the server does.
  const title = summary?.title ?? (turns[0]?.versions[0].request.split('\n')[0] || 'New chat');

  useEffect(() => {
    if (conversation === conversationRef.current && turns.length) return;
    conversationRef.current = conversation;
    setError(null);
    if (!conversation) {
      setTurns([]);
      setSummary(null);
      return;
    }
    get<ConversationDetail>(`/conversations/${encodeURIComponent(conversation)}`)
      .then((d) => {
        setSummary(d.conversation);
        setTurns(d.turns.map((t) => {
          const versions = [...t.earlier, t.turn].map(answerOf);
          return { versions, shown: versions.length - 1 };
        }));
      })
      .catch((e) => {
        setTurns([]);
        setError(e instanceof ApiError && e.status === 404 ? new Error('This conversation was deleted or does not exist.') : e);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversation]);

  const chooseModel = (m: string) => {
    setModel(m);
    sessionStorage.setItem(MODEL_KEY, m);
  };

  /** Changes the version being written (the last version of turn `at`). */
  const update = (at: number, fn: (a: Answer) => Answer) =>
    setTurns((all) => all.map((t, i) => (i === at ? { ...t, versions: t.versions.map((v, j) => (j === t.versions.length - 1 ? fn(v) : v)) } : t)));

  /**
   * Sends `message` as a new last turn, or in place of turn `replacing` (regenerate: the same message;
   * edit and resend: a new one), which drops the turns after it, as the server's thread does.
   */
  async function send(message: string, replacing?: number) {
    if (!message || streaming) return;
    setError(null);
    const base = replacing === undefined ? turns : turns.slice(0, replacing + 1);
    const at = replacing ?? turns.length;
    const replaces = replacing === undefined ? undefined : turns[replacing].versions[turns[replacing].versions.length - 1].traceId ?? undefined;
    setTurns(replacing === undefined
      ? [...base, { versions: [pending(message)], shown: 0 }]
      : base.map((t, i) => (i === at ? { versions: [...t.versions, pending(message)], shown: t.versions.length } : t)));
    const controller = new AbortController();
    abort.current = controller;
    try {
      await streamChat(
        { message, conversation_id: conversationRef.current, include_skills: true, max_skills: 5, model: model || undefined, replaces },
        {
          onSkills: (skills) => update(at, (a) => ({ ...a, skills })),
          onDelta: (text) => update(at, (a) => ({ ...a, response: a.response + text })),
          onUsage: (usage, cost, model, provider) => update(at, (a) => ({ ...a, usage, cost, model, provider })),
          onDone: (traceId, conversationId) => {
            update(at, (a) => ({ ...a, traceId }));
            if (conversationRef.current !== conversationId) {
              conversationRef.current = conversationId;
              navigate(`/ui/chat/${conversationId}`, { replace: true });
            }
          },
          onError: (message) => update(at, (a) => ({ ...a, error: message })),
        },
        controller.signal,
      );
    } catch (e) {
      if (controller.signal.aborted) update(at, (a) => ({ ...a, error: 'Stopped.' }));
      else {
        update(at, (a) => ({ ...a, error: e instanceof Error ? e.message : String(e) }));
      }
    } finally {
      update(at, (a) => ({ ...a, streaming: false }));
      abort.current = null;
      setVersion((v) => v + 1);
    }
  }

  function submit() {
    const message = draft.trim();
    if (!message || streaming) return;
    setDraft('');
    void send(message);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape') {
      abort.current?.abort();
    }
  }

  return (
    <div className="chat-layout" data-list-open={listOpen}>
      <ConversationSidebar current={conversation} version={version} onPick={() => setListOpen(false)} onRenamed={setSummary} />
      <section className="chat" aria-label="Chat">
        <div className="chat-head">
          <button type="button" className="small list-toggle" aria-expanded={listOpen} onClick={() => setListOpen((o) => !o)}>
            {listOpen ? 'Hide conversations' : 'Conversations'}
          </button>
          <h1 className="chat-title" title={title}>{title}</h1>
          <ModelPicker value={model} onChange={chooseModel} />
        </div>
        {summary?.kind === 'api' && (
          <p className="notice muted">A conversation of an API client (Claude Code, an SDK, …), shown as it was saved; start a new chat to ask more.</p>
        )}
        {readOnly && summary?.run_id && (
          <p className="notice muted">
            A step of an agent run, shown as it was saved. <Link to={`/ui/runs/${summary.run_id}`}>Open the run</Link> for all
            its agents, or start a new chat to ask more.
          </p>
        )}
        <div className="turns" aria-live="polite">
          {turns.length === 0 && !error && (
            <Empty>
              Ask anything. LLMos picks the skills that fit your request from your, your team's and the system's volumes, and
              keeps them for the follow-ups. Type $ to pick a skill yourself. Enter sends, Shift+Enter adds a line, Esc stops the answer.
            </Empty>
          )}
          {turns.map((t, i) => (
            <ChatTurn
              key={i}
              turn={t}
              index={i}
              last={i === turns.length - 1}
              busy={streaming}
              readOnly={readOnly}
              onShow={(shown) => setTurns((all) => all.map((x, j) => (j === i ? { ...x, shown } : x)))}
              onRegenerate={() => void send(t.versions[t.versions.length - 1].request, i)}
              onEdit={(message) => void send(message, i)}
            />
          ))}
        </div>
        <ErrorBox error={error} />
        {!readOnly && (
          <form
            className="composer"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
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
        )}
      </section>
    </div>
  );
}
