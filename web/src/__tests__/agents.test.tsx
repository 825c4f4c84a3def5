import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import Agents, { agentFile, RunPage } from '../features/agents';
import { applyRunEvent, emptyRun, refusalMessage, type LiveRun } from '../features/agent-run';
import { RunTreeView } from '../components/run-tree';
import { SyncBadge } from '../components/sync-state';
import { ApiError } from '../lib/api';
import type { RunTree } from '../lib/types';
import { json, mockFetch, sse } from './test-utils';
import { signedIn } from './signed-in';

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const frame = (event: string, data: object) => `event:${event}\ndata:${JSON.stringify(data)}\n\n`;
const usage = (i: number, o: number) => ({ input_tokens: i, output_tokens: o });

const RUN = 'trace_20261125_190102_1a2b3c4d';
const SUB = 'trace_20261125_190103_5e6f7a8b';
const EVENTS: [string, object][] = [
  ['run', { run_id: RUN, agent: 'orchestrator', provider: 'anthropic', limits: { max_depth: 2, max_subagents: 8, max_steps: 8, max_tokens: 200000, timeout_seconds: 300, parallelism: 4 } }],
  ['agent', { trace_id: RUN, agent: 'orchestrator', depth: 0, task: 'Compare databases', skills: [] }],
  ['delta', { trace_id: RUN, agent: 'orchestrator', text: 'Planning. ' }],
  ['tool', { trace_id: RUN, agent: 'orchestrator', tool: 'delegate', detail: 'researcher: SQLite vs PostgreSQL', is_error: false }],
  ['agent', { trace_id: SUB, parent_trace_id: RUN, agent: 'researcher', depth: 1, task: 'SQLite vs PostgreSQL', skills: [{ id: 'db-notes', name: 'DB notes', volume: 'system' }] }],
  ['delta', { trace_id: SUB, agent: 'researcher', text: 'SQLite is ' }],
  ['delta', { trace_id: RUN, agent: 'orchestrator', text: 'Waiting.' }],
  ['delta', { trace_id: SUB, agent: 'researcher', text: 'embedded.' }],
  ['tool', { trace_id: SUB, agent: 'researcher', tool: 'delegate', detail: 'coder: x', is_error: true }],
  ['agent_done', { trace_id: SUB, parent_trace_id: RUN, agent: 'researcher', depth: 1, answer: 'SQLite is embedded.', outcome: 'ok', usage: usage(40, 6), cost_usd: 0.0004, latency_ms: 1200 }],
  ['limit', { trace_id: RUN, agent: 'orchestrator', limit: 'steps', detail: 'max 8 steps' }],
  ['agent_done', { trace_id: RUN, agent: 'orchestrator', depth: 0, answer: 'Use **PostgreSQL**.', outcome: 'limit', limit: 'steps', usage: usage(100, 20), cost_usd: 0.001, latency_ms: 3000 }],
  ['usage', { usage: usage(140, 26), cost_usd: 0.0014, provider: 'anthropic' }],
  ['done', { run_id: RUN, trace_id: RUN, agent: 'orchestrator', outcome: 'limit', limit: 'steps', error: null, answer: 'Use **PostgreSQL**.', agents: 2, usage: usage(140, 26), cost_usd: 0.0014, latency_ms: 3000, provider: 'anthropic' }],
];

const TREE: RunTree = {
  run_id: RUN, agent: 'orchestrator', status: 'limit',
  root: {
    trace_id: RUN, parent_trace_id: null, agent: 'orchestrator', time: '2026-11-25T19:01:02Z', task: 'Compare databases',
    response: 'Use **PostgreSQL**.', outcome: 'limit', error: 'steps', skills: [], model: 'claude-sonnet-4-6', usage: usage(100, 20), cost_usd: 0.001, latency_ms: 3000,
    children: [{
      trace_id: SUB, parent_trace_id: RUN, agent: 'researcher', time: '2026-11-25T19:01:03Z', task: 'SQLite vs PostgreSQL',
      response: 'SQLite is embedded.', outcome: 'ok', error: null, skills: [{ id: 'db-notes', name: 'DB notes', volume: 'system' }],
      model: 'claude-sonnet-4-6', usage: usage(40, 6), cost_usd: 0.0004, latency_ms: 1200, children: [],
    }],
  },
  detached: [],
  totals: { agents: 2, input_tokens: 140, output_tokens: 26, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cost_usd: 0.0014, outcomes: { ok: 1, limit: 1 } },
};

const LIST = {
  total: 2, provider: 'anthropic', tools_supported: true,
  agents: [
    { name: 'orchestrator', description: 'Plans and delegates', model: null, skills: [], tools: ['delegate', 'search_skills'], max_steps: 0, volume: 'system', path: 'agents/orchestrator.md' },
    { name: 'release-notes', description: 'Writes release notes', model: null, skills: [], tools: [], max_steps: 4, volume: 'users/alice', path: 'agents/release-notes.md' },
  ],
};
const DETAIL = { ...LIST.agents[0], prompt: '## Plan first\nSplit the task.', commit: 'abc' };

describe('run events into a live tree', () => {
  it('nests sub-agents under their parent, keeps interleaved deltas apart and records outcomes, limits and totals', () => {
    const run = EVENTS.reduce<LiveRun>((r, [e, d]) => applyRunEvent(r, e, d), emptyRun);
    expect(run.runId).toBe(RUN);
    expect(run.roots).toEqual([RUN]);
    expect(run.agents[RUN].children).toEqual([SUB]);
    expect(run.agents[RUN].text).toBe('Planning. Waiting.');
    expect(run.agents[SUB].text).toBe('SQLite is embedded.');
    expect(run.agents[SUB].skills[0].id).toBe('db-notes');
    expect(run.agents[SUB].tools).toEqual([{ tool: 'delegate', detail: 'coder: x', isError: true }]);
    expect(run.agents[SUB]).toMatchObject({ outcome: 'ok', costUsd: 0.0004, latencyMs: 1200 });
    expect(run.agents[RUN]).toMatchObject({ outcome: 'limit', limit: 'steps' });
    expect(run.limitsHit).toEqual([{ traceId: RUN, agent: 'orchestrator', limit: 'steps', detail: 'max 8 steps' }]);
    expect(run.usage).toEqual(usage(140, 26));
    expect(run.done?.agents).toBe(2);
  });

  it('keeps an event for an agent it never saw start, and ignores unknown events', () => {
    let run = applyRunEvent(emptyRun, 'delta', { trace_id: 'x', agent: 'coder', text: 'hi' });
    run = applyRunEvent(run, 'ping', {});
    expect(run.roots).toEqual(['x']);
    expect(run.agents.x.text).toBe('hi');
    expect(applyRunEvent(run, 'error', { title: 'Internal error', detail: 'the run failed' }).error).toBe('the run failed');
  });

  it('says plainly when the model cannot call tools', () => {
    const err = new ApiError(409, "agent runs need a model that can call tools, and the configured provider 'offline' cannot", {
      type: 'https://llmos.dev/problems/tools-unsupported', status: 409, detail: "agent runs need a model that can call tools, and the configured provider 'offline' cannot",
    });
    expect(refusalMessage(err).title).toMatch(/cannot run agents/);
    expect(refusalMessage(err).detail).toContain("provider 'offline'");
    expect(refusalMessage(new ApiError(404, 'no agent nope', { status: 404 })).title).toBe('The run could not start.');
  });
});

describe('run tree', () => {
  it('renders nested agents with outcome, tokens, cost, latency, skills, trace links and totals', () => {
    render(<MemoryRouter><RunTreeView tree={TREE} /></MemoryRouter>);
    const root = screen.getByRole('listitem', { name: 'agent orchestrator' });
    const sub = within(root).getByRole('listitem', { name: 'agent researcher' });
    expect(within(sub).getByText('ok')).toBeTruthy();
    expect(sub.textContent).toContain('40 in / 6 out tokens · $0.0004 · 1.2 s');
    expect(within(sub).getByRole('link', { name: 'DB notes' }).getAttribute('href')).toBe('/ui/skills/db-notes?volume=system');
    expect(within(sub).getByRole('link', { name: 'trace' }).getAttribute('href')).toBe(`/ui/chat/${SUB}`);
    expect(within(root).getAllByText('limit').length).toBeGreaterThan(0);
    expect(screen.getByText(/2 agents · 140 in \/ 26 out tokens/).textContent).toContain('1 ok, 1 limit');
  });

  it('opens a run by id', async () => {
    mockFetch({ [`GET /runs/${RUN}`]: () => json(TREE) });
    signedIn(<RunPage />, `/ui/runs/${RUN}`, '/ui/runs/:id');
    expect(await screen.findByRole('heading', { name: /Run of orchestrator/ })).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'agent researcher' })).toBeTruthy();
  });
});

describe('agents screen', () => {
  it('lists agents with where they come from, shows one with its prompt, streams a run live and then shows its tree', async () => {
    let treeReady: (r: Response) => void = () => undefined;
    const calls = mockFetch({
      'GET /agents': () => json(LIST),
      'GET /agents/orchestrator': () => json(DETAIL),
      'POST /agents/orchestrator/run': () => sse(EVENTS.map(([e, d]) => frame(e, d))),
      [`GET /runs/${RUN}`]: () => new Promise<Response>((resolve) => { treeReady = resolve; }),
    });
    signedIn(<Agents />, '/ui/agents/orchestrator', '/ui/agents/:name?');
    const side = await screen.findByRole('complementary', { name: 'Agents' });
    expect(await within(side).findByRole('link', { name: 'release-notes' })).toBeTruthy();
    expect(within(side).getByText('mine')).toBeTruthy();
    expect(within(side).getByText('tools: delegate, search_skills')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Plan first' })).toBeTruthy();
    expect(screen.getByText('delegate, search_skills', { selector: 'dd' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Task'), { target: { value: 'Compare databases' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByText('PostgreSQL', { selector: 'strong' })).toBeTruthy();
    const live = screen.getByRole('list', { name: 'Live run' });
    expect(within(live).getByRole('listitem', { name: 'agent researcher' }).textContent).toContain('SQLite is embedded.');
    expect(screen.getByText(/orchestrator hit the steps limit/)).toBeTruthy();
    // Once the run's tree is in, it replaces the live tree: the answer shows once, not three times.
    treeReady(json(TREE));
    expect(await screen.findByRole('region', { name: `Run ${RUN}` })).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Live run' })).toBeNull();
    expect(screen.getAllByRole('region', { name: 'Answer' })).toHaveLength(1);
    expect(screen.getAllByText('PostgreSQL', { selector: 'strong' })).toHaveLength(1);
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ user_id: 'alice', team_id: 'eng', task: 'Compare databases' });
  });

  it('shows the refusal plainly when the server has no tool-capable model, and warns before anyone types', async () => {
    const detail = "agent runs need a model that can call tools, and the configured provider 'offline' cannot (no model is configured: set ANTHROPIC_API_KEY or LLMOS_OPENAI_BASE_URL)";
    mockFetch({
      'GET /agents': () => json({ ...LIST, provider: 'offline', tools_supported: false }),
      'GET /agents/orchestrator': () => json(DETAIL),
      'POST /agents/orchestrator/run': () =>
        json({ type: 'https://llmos.dev/problems/tools-unsupported', title: 'The model cannot call tools', status: 409, detail }, 409),
    });
    signedIn(<Agents />, '/ui/agents/orchestrator', '/ui/agents/:name?');
    expect((await screen.findByRole('note')).textContent).toContain("provider 'offline' cannot call tools");
    fireEvent.change(await screen.findByLabelText('Task'), { target: { value: 'anything' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This server cannot run agents');
    expect(alert.textContent).toContain('set ANTHROPIC_API_KEY');
  });

  it('Cancel asks the server to cancel the run, and the cancelled outcome shows', async () => {
    let push: ((s: string) => void) | null = null;
    let close: (() => void) | null = null;
    const encoder = new TextEncoder();
    const calls = mockFetch({
      'GET /agents': () => json(LIST),
      'GET /agents/orchestrator': () => json(DETAIL),
      'POST /agents/orchestrator/run': () =>
        new Response(new ReadableStream({
          start(c) {
            push = (s) => c.enqueue(encoder.encode(s));
            close = () => c.close();
            push(frame('run', EVENTS[0][1]) + frame('agent', EVENTS[1][1]) + frame('delta', { trace_id: RUN, agent: 'orchestrator', text: 'Working' }));
          },
        }), { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
      [`POST /runs/${RUN}/cancel`]: () => {
        push!(frame('agent_done', { trace_id: RUN, agent: 'orchestrator', depth: 0, answer: 'Working', outcome: 'cancelled', usage: usage(10, 1), cost_usd: 0, latency_ms: 50 }));
        push!(frame('done', { run_id: RUN, trace_id: RUN, agent: 'orchestrator', outcome: 'cancelled', answer: 'Working', agents: 1, usage: usage(10, 1), cost_usd: 0, latency_ms: 50, provider: 'anthropic' }));
        close!();
        return json({ run_id: RUN, cancelled: true });
      },
      [`GET /runs/${RUN}`]: () => json({ ...TREE, status: 'cancelled', root: { ...TREE.root!, outcome: 'cancelled', children: [] } }),
    });
    signedIn(<Agents />, '/ui/agents/orchestrator', '/ui/agents/:name?');
    fireEvent.change(await screen.findByLabelText('Task'), { target: { value: 'Long task' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByText('Working', { selector: '.stream' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull());
    expect(calls.some((c) => c.method === 'POST' && c.url.pathname === `/runs/${RUN}/cancel` && c.url.searchParams.get('user_id') === 'alice')).toBe(true);
    expect((await screen.findAllByText('cancelled')).length).toBeGreaterThan(0);
  });
});

describe('writing agents', () => {
  it('rebuilds the agent file from its front matter and prompt', () => {
    expect(agentFile({ ...DETAIL, description: 'Plans: then delegates', model: 'claude-x', skills: ['db-notes'], max_steps: 3 })).toBe(
      '---\ndescription: "Plans: then delegates"\nmodel: "claude-x"\nskills: [db-notes]\ntools: [delegate, search_skills]\nmax_steps: 3\n---\n## Plan first\nSplit the task.\n',
    );
  });

  it('edits a copy of a shipped agent into my volume, showing 422 problems inline first', async () => {
    let attempts = 0;
    const calls = mockFetch({
      'GET /agents': () => json(LIST),
      'GET /agents/orchestrator': () => json(DETAIL),
      'PUT /agents/orchestrator': () =>
        ++attempts === 1
          ? json({ title: 'Invalid agent', status: 422, detail: 'the agent has 1 problem', errors: [{ field: 'tools', line: 3, message: "unknown tool 'shell'" }] }, 422)
          : json({ agent: { ...DETAIL, volume: 'users/alice' }, commit: 'c1', created: true }, 201),
    });
    signedIn(<Agents />, '/ui/agents/orchestrator', '/ui/agents/:name?');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit a copy in my volume' }));
    const file = screen.getByLabelText('Agent file (front matter and prompt)') as HTMLTextAreaElement;
    expect(file.value).toContain('tools: [delegate, search_skills]');
    fireEvent.change(file, { target: { value: file.value.replace('search_skills]', 'shell]') } });
    fireEvent.click(screen.getByRole('button', { name: 'Save to my volume' }));
    expect((await screen.findByRole('alert')).textContent).toContain("line 3: tools: unknown tool 'shell'");
    fireEvent.change(file, { target: { value: file.value.replace('shell]', 'search_skills]') } });
    fireEvent.click(screen.getByRole('button', { name: 'Save to my volume' }));
    await waitFor(() => expect(screen.queryByLabelText('Agent file (front matter and prompt)')).toBeNull());
    const put = calls.filter((c) => c.method === 'PUT').at(-1)!;
    expect(put.body).toMatchObject({ user_id: 'alice' });
    expect((put.body as { content: string }).content).toContain('## Plan first');
    expect(calls.filter((c) => c.url.pathname === '/agents').length).toBeGreaterThan(1); // the list reloaded
  });
});

describe('promoting an agent', () => {
  it('offers promotion for my own agent only, and opens a request with the reason', async () => {
    const calls = mockFetch({
      'GET /agents': () => json(LIST),
      'GET /agents/orchestrator': () => json({ ...DETAIL, volume: 'users/alice' }),
      'POST /agents/orchestrator/promote': () => json({ id: 'prm_20261125_0a1b2c3d', kind: 'agent', agent: 'orchestrator', status: 'open' }, 201),
    });
    signedIn(<Agents />, '/ui/agents/orchestrator', '/ui/agents/:name?');
    fireEvent.change(await screen.findByLabelText('Reason for promotion'), { target: { value: 'the team plans this way' } });
    fireEvent.click(screen.getByRole('button', { name: 'Promote to team' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const sent = calls.find((c) => c.method === 'POST')!;
    expect(sent.url.pathname).toBe('/agents/orchestrator/promote');
    expect(sent.body).toMatchObject({ user_id: 'alice', from: 'users/alice', reason: 'the team plans this way' });
  });

  it('has nothing to promote for a system agent', async () => {
    mockFetch({ 'GET /agents': () => json(LIST), 'GET /agents/orchestrator': () => json(DETAIL) });
    signedIn(<Agents />, '/ui/agents/orchestrator', '/ui/agents/:name?');
    await screen.findByRole('button', { name: 'Edit a copy in my volume' });
    expect(screen.queryByRole('button', { name: /Promote/ })).toBeNull();
  });
});

describe('sync state', () => {
  it('says nothing when sync is off', () => {
    const { container } = render(<SyncBadge sync={{ state: 'off', conflicts: 0 }} />);
    expect(container.textContent).toBe('');
  });

  it('shows state, ahead/behind, conflicts and the last error', () => {
    render(<SyncBadge sync={{ state: 'error', ahead: 3, behind: 0, last_push: null, last_pull: '2026-11-25T19:00:00Z', last_error: 'remote repository missing', conflicts: 2 }} />);
    expect(screen.getByText(/sync error ↑3/)).toBeTruthy();
    expect(screen.getByText('2 conflicts')).toBeTruthy();
    expect(screen.getByText('remote repository missing')).toBeTruthy();
    expect(screen.getByText(/pushed never/)).toBeTruthy();
  });
});
