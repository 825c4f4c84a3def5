import { ApiError, postForEvents } from '../lib/api';
import type { SkillRef, Usage } from '../lib/types';

/** One tool call an agent made, as the `tool` event says it. */
export interface ToolCall {
  tool: string;
  detail: string;
  isError: boolean;
}

/** An agent of a run while it streams: what it was asked, its text so far, its tool calls, how it ended. */
export interface LiveAgent {
  traceId: string;
  parentTraceId: string | null;
  agent: string;
  depth: number;
  task: string;
  skills: SkillRef[];
  text: string;
  tools: ToolCall[];
  children: string[];
  outcome?: string;
  limit?: string | null;
  error?: string | null;
  answer?: string;
  usage?: Usage;
  costUsd?: number;
  latencyMs?: number;
}

export interface RunLimits {
  max_depth: number;
  max_subagents: number;
  max_steps: number;
  max_tokens: number;
  timeout_seconds: number;
  parallelism: number;
}

export interface RunDone {
  run_id: string;
  trace_id: string;
  agent: string;
  outcome: string;
  limit: string | null;
  error: string | null;
  answer: string;
  agents: number;
  usage: Usage;
  cost_usd: number;
  latency_ms: number;
  provider: string;
}

/** A run as its events have built it so far. `roots` are agents with no (known) parent, in start order. */
export interface LiveRun {
  runId: string | null;
  agent: string | null;
  provider: string | null;
  limits: RunLimits | null;
  agents: Record<string, LiveAgent>;
  roots: string[];
  limitsHit: { traceId: string; agent: string; limit: string; detail: string }[];
  usage: Usage | null;
  costUsd: number | null;
  done: RunDone | null;
  error: string | null;
}

export const emptyRun: LiveRun = {
  runId: null, agent: null, provider: null, limits: null, agents: {}, roots: [], limitsHit: [],
  usage: null, costUsd: null, done: null, error: null,
};

// Event data as the server sends it (snake_case JSON); the fields used are read one by one below.
type Json = Record<string, any>;

/** Folds one event of `POST /agents/{name}/run` into the run (pure, so a reducer can use it). Unknown events change nothing. */
export function applyRunEvent(run: LiveRun, event: string, data: Json): LiveRun {
  switch (event) {
    case 'run':
      return { ...run, runId: data.run_id ?? null, agent: data.agent ?? null, provider: data.provider ?? null, limits: data.limits ?? null };
    case 'agent': {
      const id: string = data.trace_id;
      const parent: string | null = data.parent_trace_id ?? null;
      const live: LiveAgent = {
        traceId: id, parentTraceId: parent, agent: data.agent, depth: data.depth ?? 0, task: data.task ?? '',
        skills: data.skills ?? [], text: '', tools: [], children: run.agents[id]?.children ?? [],
      };
      const agents = { ...run.agents, [id]: live };
      let roots = run.roots;
      if (parent && agents[parent]) {
        agents[parent] = { ...agents[parent], children: [...agents[parent].children, id] };
      } else {
        roots = [...roots, id];
      }
      return { ...run, agents, roots };
    }
    case 'delta':
      return patch(run, data.trace_id, (a) => ({ text: a.text + (data.text ?? '') }));
    case 'tool':
      return patch(run, data.trace_id, (a) => ({ tools: [...a.tools, { tool: data.tool, detail: data.detail ?? '', isError: !!data.is_error }] }));
    case 'agent_done':
      return patch(run, data.trace_id, () => ({
        outcome: data.outcome, limit: data.limit ?? null, error: data.error ?? null, answer: data.answer ?? '',
        usage: data.usage, costUsd: data.cost_usd ?? 0, latencyMs: data.latency_ms ?? 0,
      }));
    case 'limit':
      return { ...run, limitsHit: [...run.limitsHit, { traceId: data.trace_id, agent: data.agent, limit: data.limit, detail: data.detail ?? '' }] };
    case 'usage':
      return { ...run, usage: data.usage ?? null, costUsd: data.cost_usd ?? 0 };
    case 'done':
      return { ...run, done: data as RunDone, runId: run.runId ?? data.run_id ?? null };
    case 'error':
      return { ...run, error: data.detail || data.title || 'the run failed', runId: run.runId ?? data.run_id ?? null };
    default:
      return run;
  }
}

/** Changes one agent; an event for an agent we never saw start is kept as a root so nothing is lost. */
function patch(run: LiveRun, traceId: string, change: (a: LiveAgent) => Partial<LiveAgent>): LiveRun {
  const known = run.agents[traceId];
  const base: LiveAgent = known ?? {
    traceId, parentTraceId: null, agent: '?', depth: 0, task: '', skills: [], text: '', tools: [], children: [],
  };
  return {
    ...run,
    agents: { ...run.agents, [traceId]: { ...base, ...change(base) } },
    roots: known ? run.roots : [...run.roots, traceId],
  };
}

/** What to tell the user when a run is refused before it starts; a model without tool calls gets a plain explanation. */
export function refusalMessage(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError && error.status === 409 && error.problem?.type?.endsWith('tools-unsupported')) {
    return { title: 'This server cannot run agents: its model cannot call tools.', detail: error.message };
  }
  if (error instanceof ApiError && error.status === 409) {
    return { title: 'The run was refused.', detail: error.message };
  }
  return { title: 'The run could not start.', detail: error instanceof Error ? error.message : String(error) };
}

/** POSTs the run and hands each event to `onEvent`; aborting the signal closes the stream, which cancels the run. */
export async function streamRun(name: string, body: object, onEvent: (event: string, data: Json) => void, signal: AbortSignal): Promise<void> {
  for await (const { event, data } of await postForEvents(`/agents/${encodeURIComponent(name)}/run`, body, signal)) {
    let parsed: Json;
    try {
      parsed = JSON.parse(data);
    } catch {
      continue; // a frame we cannot read (e.g. a proxy's comment) is skipped, not fatal
    }
    onEvent(event, parsed);
  }
}
