import { useEffect, useReducer, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { get, postQuery, send } from '../lib/api';
import { useSession } from '../lib/session-context';
import type { AgentDetail, AgentList, RunTree } from '../lib/types';
import { FieldList } from '../components/field-list';
import { Markdown } from '../components/markdown';
import { PromoteForm } from '../components/promote-form';
import { Empty, ErrorBox, Loading, useLoad } from '../components/status';
import { dollars, Outcome, RunTreeView, seconds, tokens } from '../components/run-tree';
import { applyRunEvent, emptyRun, refusalMessage, streamRun, type LiveAgent, type LiveRun } from './agent-run';

/** Where an agent comes from, said the way people think of it. */
function origin(volume: string) {
  if (volume === 'system') return 'system';
  if (volume.startsWith('teams/')) return `team ${volume.slice(6)}`;
  if (volume.startsWith('users/')) return 'mine';
  return volume;
}

/** A notice before anyone types: the server said its model cannot call tools, so runs will be refused. */
function NoTools({ list }: { list: AgentList | null }) {
  if (!list || list.tools_supported !== false) return null;
  return (
    <div className="error notice" role="note">
      Runs will be refused: the configured provider {list.provider ? `'${list.provider}'` : ''} cannot call tools. Set
      ANTHROPIC_API_KEY or LLMOS_OPENAI_BASE_URL on the server.
    </div>
  );
}

function FrontMatter({ agent }: { agent: AgentDetail }) {
  const rows: [string, string][] = [
    ['name', agent.name],
    ['description', agent.description],
    ['model', agent.model ?? ''],
    ['tools', agent.tools.join(', ') || 'none'],
    ['skills', agent.skills.join(', ')],
    ['max_steps', String(agent.max_steps || '')],
    ['volume', agent.volume],
    ['path', agent.path],
  ];
  return <FieldList rows={rows} label="Front matter" />;
}

/** One agent of a live run: its task, tool calls, streamed text and, once done, outcome, tokens and cost; sub-agents nested. */
function LiveNode({ run, id }: { run: LiveRun; id: string }) {
  const a: LiveAgent = run.agents[id];
  return (
    <li className="run-node" aria-label={`agent ${a.agent}`}>
      <div className="inline">
        <strong>{a.agent}</strong>
        <Outcome outcome={a.outcome} />
        {a.outcome && (
          <span className="meta">
            {tokens(a.usage)} · {dollars(a.costUsd)} · {seconds(a.latencyMs)}
          </span>
        )}
      </div>
      {a.depth > 0 && <div className="task">{a.task}</div>}
      {a.skills.length > 0 && <div className="meta">skills: {a.skills.map((s) => s.name || s.id).join(', ')}</div>}
      {a.tools.length > 0 && (
        <ul className="tools" aria-label="Tool calls">
          {a.tools.map((t, i) => (
            <li key={i} className={t.isError ? 'error' : 'meta'}>
              {t.tool}: {t.detail}
            </li>
          ))}
        </ul>
      )}
      {a.text && <div className="stream">{a.text}</div>}
      {a.error && <div className="error">{a.error}</div>}
      {a.children.length > 0 && (
        <ul className="run-tree">
          {a.children.map((c) => (
            <LiveNode key={c} run={run} id={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

type Action = { kind: 'reset' } | { kind: 'event'; event: string; data: Record<string, unknown> };

function reduce(run: LiveRun, action: Action): LiveRun {
  return action.kind === 'reset' ? emptyRun : applyRunEvent(run, action.event, action.data);
}

/** The task box, the live stream with Cancel, and the run's tree from `GET /runs/{id}` when it ends. */
function RunPanel({ agent }: { agent: string }) {
  const [task, setTask] = useState('');
  const [run, dispatch] = useReducer(reduce, emptyRun);
  const [running, setRunning] = useState(false);
  const [refused, setRefused] = useState<unknown>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const [tree, setTree] = useState<RunTree | null>(null);
  const abort = useRef<AbortController | null>(null);
  const runId = useRef<string | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  async function start(e: React.FormEvent) {
    e.preventDefault();
    if (!task.trim() || running) return;
    dispatch({ kind: 'reset' });
    setRefused(null);
    setFailed(null);
    setTree(null);
    runId.current = null;
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    let started = false;
    try {
      await streamRun(agent, { task }, (event, data) => {
        started = true;
        if (event === 'run') runId.current = data.run_id;
        dispatch({ kind: 'event', event, data });
      }, controller.signal);
    } catch (err) {
      if (!started) setRefused(err);
      else if (!controller.signal.aborted) setFailed(err);
    } finally {
      setRunning(false);
      abort.current = null;
    }
    if (runId.current) {
      try {
        setTree(await get<RunTree>(`/runs/${runId.current}`));
      } catch (err) {
        setFailed(err);
      }
    }
  }

  async function cancel() {
    const id = runId.current;
    try {
      if (!id) throw new Error('no run yet');
      await postQuery(`/runs/${id}/cancel`);
    } catch {
      // Already over, or not started yet: closing the stream cancels it as well.
      abort.current?.abort();
    }
  }

  const r = refused ? refusalMessage(refused) : null;
  return (
    <section aria-label="Run" className="run-panel">
      <h2>Run</h2>
      <form onSubmit={start} className="composer">
        <label style={{ flex: 1 }}>
          Task
          <textarea rows={3} value={task} onChange={(e) => setTask(e.target.value)} placeholder={`What should ${agent} do?`} />
        </label>
        <button type="submit" disabled={running || !task.trim()}>
          Run
        </button>
        {running && (
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        )}
      </form>
      {r && (
        <div role="alert" className="error">
          <strong>{r.title}</strong> <span>{r.detail}</span>
        </div>
      )}
      {run.runId && (
        <p className="meta">
          run <code>{run.runId}</code>
          {run.provider ? ` · ${run.provider}` : ''}
          {run.limits ? ` · limits: depth ${run.limits.max_depth}, ${run.limits.max_subagents} sub-agents, ${run.limits.max_steps} steps, ${run.limits.max_tokens} tokens, ${run.limits.timeout_seconds} s` : ''}
        </p>
      )}
      {/* Live while it runs; once its tree is in, the tree alone, so the answer is shown once. */}
      {run.roots.length > 0 && !tree && (
        <ul className="run-tree live" aria-label="Live run">
          {run.roots.map((id) => (
            <LiveNode key={id} run={run} id={id} />
          ))}
        </ul>
      )}
      {run.limitsHit.map((l, i) => (
        <div key={i} className="error">
          {l.agent} hit the {l.limit} limit: {l.detail}
        </div>
      ))}
      {run.error && <div role="alert" className="error">{run.error}</div>}
      <ErrorBox error={failed} />
      {run.done && !tree && (
        <section aria-label="Answer" className="answer">
          <p className="meta">
            <Outcome outcome={run.done.outcome} /> {run.done.agents} {run.done.agents === 1 ? 'agent' : 'agents'} · {tokens(run.done.usage)} ·{' '}
            {dollars(run.done.cost_usd)} · {seconds(run.done.latency_ms)}
            {run.done.error ? ` · ${run.done.error}` : ''}
          </p>
          <Markdown text={run.done.answer ?? ''} />
        </section>
      )}
      {tree && <RunTreeView tree={tree} />}
    </section>
  );
}

/** The agent file `PUT /agents/{name}` takes, rebuilt from what `GET /agents/{name}` returns (JSON strings are valid YAML). */
export function agentFile(a: Pick<AgentDetail, 'description' | 'model' | 'skills' | 'tools' | 'max_steps' | 'prompt'>): string {
  const lines = ['---', `description: ${JSON.stringify(a.description)}`];
  if (a.model) lines.push(`model: ${JSON.stringify(a.model)}`);
  if (a.skills.length) lines.push(`skills: [${a.skills.join(', ')}]`);
  lines.push(`tools: [${a.tools.join(', ')}]`);
  if (a.max_steps > 0) lines.push(`max_steps: ${a.max_steps}`);
  lines.push('---', a.prompt.replace(/\n*$/, '\n'));
  return lines.join('\n');
}

const TEMPLATE = agentFile({
  description: 'What this agent is for; agents that delegate pick by it, so say when to use it.',
  model: null, skills: [], tools: ['load_skill', 'search_skills'], max_steps: 4,
  prompt: 'You are ... Answer the task you are given; you see nothing but that task.',
});

/**
 * Writes an agent file into the caller's own volume (`PUT /agents/{name}`, one commit). An agent there
 * hides a team's or the system's with the same name, so editing a shipped agent makes the caller's copy.
 */
function AgentEditor({ name, content, onSaved, onCancel }: { name?: string; content: string; onSaved: (name: string) => void; onCancel: () => void }) {
  const [id, setId] = useState(name ?? '');
  const [text, setText] = useState(content);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send('PUT', `/agents/${encodeURIComponent(id.trim())}`, { content: text });
      onSaved(id.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={save} aria-label="Edit agent" className="agent-editor">
      <label>
        Agent name
        <input value={id} onChange={(e) => setId(e.target.value)} readOnly={!!name} required pattern="[a-z0-9-]{1,64}" />
      </label>
      <label>
        Agent file (front matter and prompt)
        <textarea rows={16} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="submit" disabled={busy || !id.trim()}>
          Save to my volume
        </button>
        <button type="button" className="link" onClick={onCancel}>
          Cancel editing
        </button>
      </div>
    </form>
  );
}

function AgentView({ name, onSaved }: { name: string; onSaved: (name: string) => void }) {
  const { session } = useSession();
  const { data, error, reload } = useLoad(() => get<AgentDetail>(`/agents/${encodeURIComponent(name)}`), [name]);
  const [editing, setEditing] = useState(false);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading />;
  const mine = session?.userId ? data.volume === `users/${session.userId}` : false;
  return (
    <article aria-label={`Agent ${data.name}`}>
      <h1>
        {data.name} <span className="badge">{origin(data.volume)}</span>{' '}
        {!editing && (
          <button type="button" className="small" onClick={() => setEditing(true)}>
            {mine ? 'Edit' : 'Edit a copy in my volume'}
          </button>
        )}
      </h1>
      <p>{data.description}</p>
      {!editing && <PromoteForm path={`/agents/${encodeURIComponent(data.name)}/promote`} label="Promote agent" body={{}} volume={data.volume} />}
      {editing && (
        <AgentEditor
          name={data.name}
          content={agentFile(data)}
          onCancel={() => setEditing(false)}
          onSaved={(n) => {
            setEditing(false);
            reload();
            onSaved(n);
          }}
        />
      )}
      <div className="two">
        <section aria-label="Prompt" className="preview">
          <Markdown text={data.prompt} />
        </section>
        <FrontMatter agent={data} />
      </div>
      <RunPanel key={data.name} agent={data.name} />
    </article>
  );
}

/** Opens a run's tree by its id (the `run` event's run_id, or a first agent's trace id). */
function OpenRun() {
  const [id, setId] = useState('');
  const navigate = useNavigate();
  return (
    <form className="inline" onSubmit={(e) => (e.preventDefault(), id.trim() && navigate(`/ui/runs/${id.trim()}`))}>
      <label>
        Run id
        <input value={id} onChange={(e) => setId(e.target.value)} placeholder="trace_20261125_190102_1a2b3c4d" />
      </label>
      <button type="submit">Open run</button>
    </form>
  );
}

/** `/ui/runs/{id}`: one run's tree; while it runs, Refresh reads it again. */
export function RunPage() {
  const { id = '' } = useParams();
  const { data, error, reload, loading } = useLoad(() => get<RunTree>(`/runs/${encodeURIComponent(id)}`), [id]);
  return (
    <section aria-label="Run">
      <p>
        <Link to="/ui/agents">← Agents</Link>
      </p>
      <ErrorBox error={error} />
      {data ? <RunTreeView tree={data} /> : !error && <Loading />}
      {data?.status === 'running' && (
        <button type="button" onClick={reload} disabled={loading}>
          Refresh
        </button>
      )}
    </section>
  );
}

/** The agents the caller sees (theirs over their team's over the system's), one agent with its prompt, and running it. */
export default function Agents() {
  const { name } = useParams();
  const navigate = useNavigate();
  const { data, error, reload } = useLoad(() => get<AgentList>('/agents'), []);
  const [creating, setCreating] = useState(false);
  const saved = (n: string) => {
    setCreating(false);
    reload();
    navigate(`/ui/agents/${n}`);
  };
  return (
    <div className="with-side">
      <aside className="side" aria-label="Agents">
        <h1>Agents</h1>
        <button type="button" className="small" onClick={() => setCreating(true)}>
          New agent…
        </button>
        <ErrorBox error={error} />
        {data && data.agents.length === 0 && <Empty>No agents. Write one as agents/&#123;name&#125;.md in your volume.</Empty>}
        <ul className="plain">
          {data?.agents.map((a) => (
            <li key={a.name}>
              <Link to={`/ui/agents/${a.name}`} aria-current={a.name === name ? 'page' : undefined}>
                {a.name}
              </Link>{' '}
              <span className="badge">{origin(a.volume)}</span>
              <div className="meta">{a.description}</div>
              <div className="meta">tools: {a.tools.join(', ') || 'none'}</div>
            </li>
          ))}
        </ul>
      </aside>
      <section aria-label="Agent">
        <NoTools list={data} />
        {creating ? (
          <AgentEditor content={TEMPLATE} onSaved={saved} onCancel={() => setCreating(false)} />
        ) : name ? (
          <AgentView key={name} name={name} onSaved={saved} />
        ) : (
          <>
            <p className="muted">Pick an agent to see its prompt and run it, or open a past run.</p>
            <OpenRun />
          </>
        )}
      </section>
    </div>
  );
}
