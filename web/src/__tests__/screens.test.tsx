import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { App } from '../app';
import SkillEditor from '../features/skill-editor';
import Evolution from '../features/evolution';
import Promotions from '../features/promotions';
import Skills from '../features/skills';
import SkillPage from '../features/skill-page';
import UsageScreen from '../features/usage';
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
      'GET /conversations': () => json({ total: 0, conversations: [] }),
      'GET /models': () => json({ provider: 'offline', configured: false, default_model: null, models: [], listed: false, error: null }),
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
      'GET /conversations': () => json({ total: 0, conversations: [] }),
      'GET /models': () => json({ provider: 'offline', configured: false, default_model: null, models: [], listed: false, error: null }),
    });
    render(<MemoryRouter initialEntries={['/ui/chat']}><App /></MemoryRouter>);
    fireEvent.change(await screen.findByLabelText('Token'), { target: { value: 'llmos_secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Ask anything/)).toBeTruthy();
    expect(calls.filter((c) => c.url.pathname === '/conversations')[0].headers.Authorization).toBe('Bearer llmos_secret');
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

describe('skill editor and templates', () => {
  const TEMPLATE = { id: 'checklist', name: 'checklist', description: 'd',
    text: '---\nname: <Skill name>\ndescription: "<What this skill checks>. Use when <situation>."\n---\n# <Skill name>\n- <situation>\n' };

  it('warns before saving an unfilled template, and saves only when asked to anyway', async () => {
    const calls = mockFetch({
      'GET /skills/templates': () => json([TEMPLATE]),
      'PUT /skills/release-check': () => json({ skill: { id: 'release-check', volume: 'users/alice' }, warnings: [] }, 201),
      'GET /skills/release-check': () => json({ id: 'release-check', volume: 'users/alice' }),
    });
    signedIn(<SkillEditor />, '/ui/skills/new', '/ui/skills/new');
    fireEvent.change(await screen.findByLabelText('Start from template'), { target: { value: 'checklist' } });
    expect(screen.getByRole('heading', { name: '<Skill name>' })).toBeTruthy(); // the preview keeps placeholders
    fireEvent.change(screen.getByLabelText('Id'), { target: { value: 'release-check' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const warning = await screen.findByRole('alert');
    expect(warning.textContent).toContain('<Skill name>');
    expect(warning.textContent).toContain('<situation>');
    expect(warning.textContent).toContain('not offered to the model');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Save anyway' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
  });

  it('does not count angle brackets that are not the template\'s', async () => {
    const { placeholdersIn } = await import('../features/skill-editor');
    expect(placeholdersIn('Use when writing List<T> or <div> tags', [TEMPLATE])).toEqual([]);
    expect(placeholdersIn('Use when <situation>.', [TEMPLATE])).toEqual(['<situation>']);
  });
});

describe('skills list and page', () => {
  it('lists my skills first, then my team\'s, then the system\'s, with formats in words and unfilled templates marked', async () => {
    const skill = (id: string, volume: string, extra = {}) =>
      ({ id, name: id, category: null, description: 'd', volume, keywords: [], format: 'seed', always_on: false, status: 'active', ...extra });
    mockFetch({ 'GET /skills': () => json({ total: 3, skills: [
      skill('api-design', 'system'), skill('team-notes', 'teams/eng', { format: 'agent-skill' }), skill('my-draft', 'users/alice', { status: 'unfilled' }),
    ] }) });
    signedIn(<Skills />, '/ui/skills', '/ui/skills');
    await screen.findByText('my-draft', { selector: 'strong' });
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['Mine (users/alice) (1)', 'teams/eng (1)', 'system (1)']);
    expect(screen.getByText('unfilled template')).toBeTruthy();
    expect(screen.getByText('team-notes · Agent Skill (SKILL.md folder)')).toBeTruthy();
    expect(screen.getByText('api-design · Skill file (.md)')).toBeTruthy();
  });

  it('says an unfilled skill is not offered to the model, and lets long keys wrap only after dots and dashes', async () => {
    mockFetch({
      'GET /skills/x': () => json({ id: 'x', name: '<Skill name>', category: 'general', description: '<What>', volume: 'users/alice', keywords: [],
        format: 'seed', always_on: false, globs: null, content: '# <Skill name>', path: 'skills/x.md', commit: 'c', files: [], license: null,
        compatibility: null, metadata: { 'source-repository-url': 'https://example.com' }, allowed_tools: null, overrides: [], etag: 'e', status: 'unfilled' }),
      'GET /skills/x/history': () => json({ volume: 'users/alice', commits: [] }),
    });
    const { container } = signedIn(<SkillPage />, '/ui/skills/x?volume=users/alice', '/ui/skills/:id');
    expect((await screen.findByRole('note')).textContent).toContain('not offered to the model');
    const key = [...container.querySelectorAll('dt')].find((d) => d.textContent === 'metadata.source-repository-url')!;
    expect(key.querySelectorAll('wbr').length).toBe(3);
    expect(screen.getByText('Skill file (.md)')).toBeTruthy();
  });
});

describe('usage', () => {
  it('keeps offline estimates apart from billed tokens', async () => {
    mockFetch({ 'GET /usage': () => json({ requests: 3, input_tokens: 100, output_tokens: 20, estimated_input_tokens: 2454, cost_usd: 0.01,
      days: [
        { day: '2026-11-25', model: 'none', provider: 'offline', requests: 2, input_tokens: 0, output_tokens: 0, estimated_input_tokens: 2454, cost_usd: 0 },
        { day: '2026-11-25', model: 'claude-x', provider: 'anthropic', requests: 1, input_tokens: 100, output_tokens: 20, cost_usd: 0.01 },
      ] }) });
    signedIn(<UsageScreen />, '/ui/usage', '/ui/usage');
    expect(await screen.findByText(/billed: 100 in \/ 20 out tokens/)).toBeTruthy();
    expect(screen.getByLabelText('Estimated, not billed').textContent).toContain('2 requests no model answered would have sent about 2,454 input tokens');
    expect(screen.getByText('~2,454')).toBeTruthy();
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

  it('keeps a decided request in the reviewer\'s lists, and a merged one can be reverted with a reason', async () => {
    const merged = { id: 'prm_9', kind: 'skill', skill_id: 'tidy-sql', source: 'users/bob', target: 'teams/eng', reason: 'r', author: 'bob',
      opened: '2026-01-01T00:00:00Z', status: 'merged', events: [], merge_commit: 'abc123' };
    const calls = mockFetch({
      'GET /promotions': () => json({ inbox: [], outbox: [], decided: [merged] }),
      'GET /promotions/prm_9': () => json(merged),
      'GET /promotions/prm_9/diff': () => json({ id: 'prm_9', status: 'merged', changes: [], target_changed: false, conflicts: [], theirs: [], ours: [] }),
      'POST /promotions/prm_9/revert': () => json({ ...merged, status: 'reverted' }),
    });
    signedIn(<Promotions />, '/ui/promotions/prm_9', '/ui/promotions/:id');
    const decided = await screen.findByRole('region', { name: 'Decided' });
    expect(within(decided).getByRole('link', { name: /tidy-sql/ })).toBeTruthy();
    const revert = await screen.findByRole('button', { name: 'Revert' });
    expect((revert as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Comment or reason'), { target: { value: 'broke the build' } });
    fireEvent.click(revert);
    await waitFor(() => expect(calls.some((c) => c.url.pathname.endsWith('/revert'))).toBe(true));
    expect(calls.find((c) => c.url.pathname.endsWith('/revert'))!.body).toMatchObject({ reason: 'broke the build' });
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
