import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { App } from '../app';
import SkillEditor from '../features/skill-editor';
import Evolution from '../features/evolution';
import Promotions from '../features/promotions';
import { json, mockFetch, sse } from './test-utils';
import { alice, signedIn } from './signed-in';

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('sign-in', () => {
  it('asks local mode for a user id and remembers it for the tab', async () => {
    const calls = mockFetch({
      'GET /me': (url) => json({ user_id: url.searchParams.get('user_id'), mode: 'local', admin: false, scope: 'admin', teams: [] }),
      'GET /traces': () => json({ total: 0, traces: [] }),
    });
    render(<MemoryRouter initialEntries={['/ui/chat']}><App /></MemoryRouter>);
    fireEvent.change(await screen.findByLabelText('User id'), { target: { value: 'alice' } });
    fireEvent.change(screen.getByLabelText('Team (optional)'), { target: { value: 'eng' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(JSON.parse(sessionStorage.getItem('llmos.session')!)).toEqual(alice);
    expect(calls.some((c) => c.url.pathname === '/me' && c.url.searchParams.get('team_id') === 'eng')).toBe(true);
  });

  it('asks token mode for a token and sends it as a bearer token', async () => {
    const calls = mockFetch({
      'GET /me': (_url, init) =>
        (init.headers as Record<string, string>).Authorization === 'Bearer llmos_secret'
          ? json({ user_id: 'bob', mode: 'token', admin: false, scope: 'write', teams: [] })
          : json({ title: 'Unauthenticated', status: 401, detail: 'a bearer token is required' }, 401),
      'GET /traces': () => json({ total: 0, traces: [] }),
    });
    render(<MemoryRouter initialEntries={['/ui/chat']}><App /></MemoryRouter>);
    fireEvent.change(await screen.findByLabelText('Token'), { target: { value: 'llmos_secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Ask anything/)).toBeTruthy();
    expect(calls.filter((c) => c.url.pathname === '/traces')[0].headers.Authorization).toBe('Bearer llmos_secret');
  });
});

describe('chat', () => {
  it('streams an answer as Markdown with skills, usage and cost, then takes feedback', async () => {
    const calls = mockFetch({
      'GET /traces': () => json({ total: 0, traces: [] }),
      'POST /chat/stream': () =>
        sse([
          'event:skills\ndata:{"skills":[{"id":"pytest-style","name":"Pytest style","volume":"teams/eng"}]}\n\n',
          'event:delta\ndata:{"text":"**Use** "}\n\n',
          'event:delta\ndata:{"text":"fixtures"}\n\n',
          'event:usage\ndata:{"usage":{"input_tokens":120,"output_tokens":7},"cost_usd":0.0012,"model":"claude-x"}\n\n',
          'event:done\ndata:{"trace_id":"tr_1","conversation_id":"c_1"}\n\n',
        ]),
      'POST /traces/tr_1/feedback': () => json({ rating: 'down' }),
    });
    const { default: Chat } = await import('../features/chat');
    signedIn(<Chat />, '/ui/chat', '/ui/chat/:conversation?');
    const box = screen.getByLabelText('Message');
    fireEvent.change(box, { target: { value: 'How do I test?' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((await screen.findByText('Use')).tagName).toBe('STRONG');
    expect(await screen.findByText(/120 in \/ 7 out tokens/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Pytest style' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ user_id: 'alice', team_id: 'eng', message: 'How do I test?' });

    fireEvent.click(await screen.findByRole('button', { name: 'Bad answer' }));
    fireEvent.change(screen.getByLabelText('Feedback comment'), { target: { value: 'too short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send bad rating' }));
    expect(await screen.findByText(/rated down/)).toBeTruthy();
    expect(calls.at(-1)!.body).toMatchObject({ rating: 'down', comment: 'too short', user_id: 'alice' });
  });

  it('Shift+Enter does not send', async () => {
    const calls = mockFetch({ 'GET /traces': () => json({ total: 0, traces: [] }) });
    const { default: Chat } = await import('../features/chat');
    signedIn(<Chat />, '/ui/chat', '/ui/chat/:conversation?');
    const box = screen.getByLabelText('Message');
    fireEvent.change(box, { target: { value: 'line one' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
  });
});

describe('skill editor', () => {
  it('shows validation problems from problem+json inline, with their lines', async () => {
    mockFetch({
      'GET /skills/templates': () => json([{ id: 'basic', name: 'Basic', description: 'd', text: '---\nname: From template\ndescription: Use when x\n---\n## Steps\n' }]),
      'PUT /skills/bad': () =>
        json({ title: 'Invalid skill', status: 422, detail: 'the skill has 1 problem', errors: [{ field: 'description', line: 3, message: 'must say when to use the skill' }] }, 422),
    });
    signedIn(<SkillEditor />, '/ui/skills/new', '/ui/skills/new');
    fireEvent.change(await screen.findByLabelText('Start from template'), { target: { value: 'basic' } });
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('From template');
    expect(screen.getByRole('heading', { name: 'Steps' })).toBeTruthy(); // live preview
    fireEvent.change(screen.getByLabelText('Id'), { target: { value: 'bad' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the skill has 1 problem');
    expect(alert.textContent).toContain('line 3: description: must say when to use the skill');
  });
});

describe('evolution', () => {
  it('runs evolution, lists drafts with diffs and accepts one', async () => {
    let drafts = [{ id: 'quick-dinners', kind: 'new', name: 'quick-dinners', description: 'Use when cooking', status: 'draft', update_of: null, count: 4, success_rate: 1, diff: '+name: quick-dinners' }];
    const calls = mockFetch({
      'GET /evolution/drafts': () => json({ total: drafts.length, drafts }),
      'POST /evolve': () => json({ status: 'completed', traces_analyzed: 16, patterns_detected: 1, skills_created: 1, proposals: 0 }),
      'POST /evolution/drafts/quick-dinners/accept': () => {
        drafts = [];
        return json({ id: 'quick-dinners' });
      },
    });
    signedIn(<Evolution />, '/ui/evolution', '/ui/evolution');
    expect(await screen.findByText('+name: quick-dinners')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run evolution' }));
    expect(await screen.findByText(/Analysed 16 traces/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    expect(await screen.findByText(/No drafts to review/)).toBeTruthy();
    expect(calls.find((c) => c.url.pathname.endsWith('/accept'))!.body).toMatchObject({ user_id: 'alice' });
  });
});

describe('evolution progress', () => {
  it('shows the progress of a run under way', async () => {
    let finish: (r: Response) => void = () => undefined;
    mockFetch({
      'GET /evolution/drafts': () => json({ total: 0, drafts: [] }),
      'GET /evolution/runs': () => json({ total: 1, runs: [{ status: 'running', progress: 'embedding 120/400' }] }),
      'POST /evolve': () => new Promise<Response>((resolve) => { finish = resolve; }),
    });
    signedIn(<Evolution />, '/ui/evolution', '/ui/evolution');
    fireEvent.click(await screen.findByRole('button', { name: 'Run evolution' }));
    expect(await screen.findByText('embedding 120/400', {}, { timeout: 3000 })).toBeTruthy();
    finish(json({ status: 'completed', traces_analyzed: 400, patterns_detected: 0, skills_created: 0, proposals: 0 }));
    expect(await screen.findByText(/Analysed 400 traces/)).toBeTruthy();
    expect(screen.queryByText('embedding 120/400')).toBeNull();
  });
});

describe('promotions', () => {
  it('names what each request moves: a skill, or an agent', async () => {
    const skill = { id: 'prm_1', kind: 'skill', skill_id: 'tidy-sql', source: 'users/bob', target: 'teams/eng', reason: 'r', author: 'bob', opened: '2026-01-01T00:00:00Z', status: 'open', events: [], merge_commit: null };
    const agent = { id: 'prm_2', kind: 'agent', agent: 'triage', source: 'users/bob', target: 'teams/eng', reason: 'r', author: 'bob', opened: '2026-01-01T00:00:00Z', status: 'open', events: [], merge_commit: null };
    const old = { id: 'prm_3', skill_id: 'legacy', source: 'users/bob', target: 'teams/eng', reason: 'r', author: 'bob', opened: '2026-01-01T00:00:00Z', status: 'merged', events: [], merge_commit: null };
    mockFetch({ 'GET /promotions': () => json({ inbox: [skill, agent, old], outbox: [] }) });
    signedIn(<Promotions />, '/ui/promotions', '/ui/promotions');
    expect(await screen.findByText('skill tidy-sql: users/bob → teams/eng')).toBeTruthy();
    expect(screen.getByText('agent triage: users/bob → teams/eng')).toBeTruthy();
    expect(screen.getByText('skill legacy: users/bob → teams/eng')).toBeTruthy();
  });

  it('shows a stale request with its three-way parts and refuses plainly', async () => {
    const p = { id: 'prm_1', skill_id: 's', source: 'users/bob', target: 'teams/eng', reason: 'useful', author: 'bob', opened: '2026-01-01T00:00:00Z', status: 'stale', events: [], merge_commit: null };
    mockFetch({
      'GET /promotions': () => json({ inbox: [p], outbox: [] }),
      'GET /promotions/prm_1': () => json(p),
      'GET /promotions/prm_1/diff': () =>
        json({ id: 'prm_1', status: 'stale', changes: [], target_changed: true, conflicts: ['skills/s.md'],
          theirs: [{ change: 'MODIFY', old_path: 'skills/s.md', new_path: 'skills/s.md', patch: '-old\n+theirs' }],
          ours: [{ change: 'MODIFY', old_path: 'skills/s.md', new_path: 'skills/s.md', patch: '-old\n+ours' }] }),
      'POST /promotions/prm_1/reject': () => json({ title: 'Forbidden', status: 403, detail: 'only maintainers of teams/eng review' }, 403),
    });
    signedIn(<Promotions />, '/ui/promotions/prm_1', '/ui/promotions/:id');
    expect(await screen.findByText('+theirs')).toBeTruthy();
    expect(screen.getByText('+ours')).toBeTruthy();
    expect(screen.getByText(/conflicting: skills\/s.md/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull(); // stale cannot be approved
    fireEvent.change(screen.getByLabelText('Comment or reason'), { target: { value: 'no' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect((await screen.findByRole('alert')).textContent).toContain('only maintainers of teams/eng review');
  });
});
