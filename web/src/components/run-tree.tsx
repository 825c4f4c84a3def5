import { Link } from 'react-router';
import type { RunNode, RunTree, Usage } from '../lib/types';
import { Markdown } from './markdown';

export const tokens = (u: Usage | null | undefined) => (u ? `${u.input_tokens} in / ${u.output_tokens} out tokens` : 'no tokens');
export const dollars = (n: number | null | undefined) => `$${(n ?? 0).toFixed(4)}`;
export const seconds = (ms: number | null | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;

/** An outcome as a small badge: ok, error, limit, cancelled (or running). */
export function Outcome({ outcome }: { outcome: string | undefined }) {
  const o = outcome ?? 'running';
  return <span className={`badge outcome-${o}`}>{o}</span>;
}

function Node({ node, root = false }: { node: RunNode; root?: boolean }) {
  return (
    <li className="run-node" aria-label={`agent ${node.agent}`}>
      <div className="inline">
        <strong>{node.agent}</strong>
        <Outcome outcome={node.outcome} />
        <span className="meta">
          {tokens(node.usage)} · {dollars(node.cost_usd)} · {seconds(node.latency_ms)}
          {node.model ? ` · ${node.model}` : ''}
        </span>
        {/* Each agent's trace is its own conversation, so the chat screen shows it. */}
        <Link to={`/ui/chat/${node.trace_id}`} className="meta">trace</Link>
      </div>
      <div className="task">{node.task}</div>
      {node.error && <div className="error">{node.error}</div>}
      {node.skills.length > 0 && (
        <ul className="chips" aria-label="Skills used">
          {node.skills.map((s) => (
            <li key={`${s.volume}/${s.id}`} className="chip">
              <Link to={`/ui/skills/${s.id}?volume=${encodeURIComponent(s.volume)}`}>{s.name || s.id}</Link>
            </li>
          ))}
        </ul>
      )}
      {/* The first agent's answer is the run's, shown once above the tree. */}
      {node.response && !root && (
        <details>
          <summary>Answer</summary>
          <div className="stream">{node.response}</div>
        </details>
      )}
      {node.children.length > 0 && (
        <ul className="run-tree">
          {node.children.map((c) => (
            <Node key={c.trace_id} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * `GET /runs/{id}`: the totals, the run's answer (once), and its agents as a tree, each with its task,
 * outcome, tokens, cost, latency, skills, and (sub-agents) their own answer folded away.
 */
export function RunTreeView({ tree }: { tree: RunTree }) {
  const t = tree.totals;
  const outcomes = Object.entries(t.outcomes ?? {}).map(([k, v]) => `${v} ${k}`).join(', ');
  return (
    <section className="run" aria-label={`Run ${tree.run_id}`}>
      <h2>
        Run of {tree.agent} <Outcome outcome={tree.status} />
      </h2>
      <p className="meta totals">
        {t.agents} {t.agents === 1 ? 'agent' : 'agents'} · {t.input_tokens} in / {t.output_tokens} out tokens
        {t.cache_read_input_tokens || t.cache_creation_input_tokens
          ? ` (+${t.cache_read_input_tokens} cache read, ${t.cache_creation_input_tokens} cache write)`
          : ''}{' '}
        · {dollars(t.cost_usd)}
        {outcomes ? ` · ${outcomes}` : ''} · <code>{tree.run_id}</code>
      </p>
      {tree.root?.response && (
        <section aria-label="Answer" className="answer">
          <Markdown text={tree.root.response} />
        </section>
      )}
      {tree.root ? (
        <ul className="run-tree">
          <Node node={tree.root} root />
        </ul>
      ) : (
        <p className="muted">The first agent is still working.</p>
      )}
      {tree.detached.length > 0 && (
        <>
          <h3>Finished, waiting for a parent still at work</h3>
          <ul className="run-tree">
            {tree.detached.map((n) => (
              <Node key={n.trace_id} node={n} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
