import { useEffect, useReducer, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { get, postQuery } from '../lib/api';
import type { AgentDetail, AgentList, RunTree } from '../lib/types';
import { Markdown } from '../components/markdown';
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
  return (
    <dl className="front-matter" aria-label="Front matter">
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
      {run.roots.length > 0 && (
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
      {run.done && (
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

function AgentView({ name }: { name: string }) {
  const { data, error } = useLoad(() => get<AgentDetail>(`/agents/${encodeURIComponent(name)}`), [name]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading />;
  return (
    <article aria-label={`Agent ${data.name}`}>
      <h1>
        {data.name} <span className="badge">{origin(data.volume)}</span>
      </h1>
      <p>{data.description}</p>
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
  const { data, error } = useLoad(() => get<AgentList>('/agents'), []);
  return (
    <div className="with-side">
      <aside className="side" aria-label="Agents">
        <h1>Agents</h1>
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
        {name ? (
          <AgentView key={name} name={name} />
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
