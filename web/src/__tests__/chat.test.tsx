import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { json, mockFetch, sse } from './test-utils';
import { signedIn } from './signed-in';
import { groupByDate } from '../lib/dates';
import { layerOf } from '../lib/layers';
import type { ConversationSummary, TraceView } from '../lib/types';

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const OFFLINE = { provider: 'offline', configured: false, default_model: null, models: [], listed: false, error: null };
const ANTHROPIC = {
  provider: 'anthropic', configured: true, default_model: 'claude-sonnet-4-6', listed: true, error: null,
  models: [{ id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }, { id: 'claude-haiku-9', display_name: 'Claude Haiku 9' }],
};
const NO_CONVERSATIONS = () => json({ total: 0, conversations: [] });

function chatStream(opts: { skills?: unknown[]; text?: string[]; usage?: object; trace?: string; conversation?: string; provider?: string; model?: string } = {}) {
  const { skills = [], text = ['Hi'], usage = { input_tokens: 10, output_tokens: 2 }, trace = 'tr_1', conversation = 'c_1', provider = 'anthropic', model = 'claude-x' } = opts;
  return sse([
    `event:skills\ndata:${JSON.stringify({ skills })}\n\n`,
    ...text.map((t) => `event:delta\ndata:${JSON.stringify({ text: t })}\n\n`),
    `event:usage\ndata:${JSON.stringify({ usage, cost_usd: 0.0012, model, provider })}\n\n`,
    `event:done\ndata:${JSON.stringify({ trace_id: trace, conversation_id: conversation })}\n\n`,
  ]);
}

async function renderChat(path = '/ui/chat') {
  const { default: Chat } = await import('../features/chat');
  return signedIn(<Chat />, path, '/ui/chat/:conversation?');
}

const view = (id: string, request: string, response: string, extra: Partial<TraceView['trace']> = {}): TraceView => ({
  trace: {
    id, time: '2026-11-25T10:00:00Z', conversation_id: 'c_1', request, response, skills: [], model: 'claude-x', provider: 'anthropic',
    usage: { input_tokens: 10, output_tokens: 2 }, cost_usd: 0.001, outcome: 'ok', ...extra,
  },
  feedback: null,
});

describe('a chat answer', () => {
  it('streams as Markdown with skill chips naming their layer, tokens and cost; one click rates, a comment is optional after', async () => {
    const calls = mockFetch({
      'GET /conversations': NO_CONVERSATIONS,
      'GET /models': () => json(ANTHROPIC),
      'POST /chat/stream': () => chatStream({
        skills: [
          { id: 'pytest-style', name: 'Pytest style', volume: 'teams/eng', reason: 'retrieved' },
          { id: 'my-tests', name: 'My tests', volume: 'users/alice', reason: 'mentioned' },
          { id: 'unit-testing', name: 'Unit testing', volume: 'system', reason: 'continued' },
        ],
        text: ['**Use** ', 'fixtures'], usage: { input_tokens: 1200, output_tokens: 7 },
      }),
      'POST /traces/tr_1/feedback': () => json({ rating: 'up' }),
    });
    await renderChat();
    await screen.findByLabelText('Model');
    const box = screen.getByLabelText('Message');
    fireEvent.change(box, { target: { value: 'How do I test?' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((await screen.findByText('Use')).tagName).toBe('STRONG');
    expect(await screen.findByText(/1,200 in \/ 7 out tokens/)).toBeTruthy();
    const chips = screen.getByRole('list', { name: 'Skills used' });
    expect(within(chips).getByRole('link', { name: 'Pytest style' }).closest('li')!.textContent).toContain('team eng');
    expect(within(chips).getByRole('link', { name: 'My tests' }).closest('li')!.textContent).toContain('mine');
    const kept = within(chips).getByRole('link', { name: 'Unit testing' }).closest('li')!;
    expect(kept.textContent).toContain('system');
    expect(kept.getAttribute('title')).toContain('kept from the turn before');
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ user_id: 'alice', team_id: 'eng', message: 'How do I test?', model: 'claude-sonnet-4-6' });

    const good = await screen.findByRole('button', { name: 'Good answer' });
    fireEvent.click(good);
    expect(await screen.findByText(/Rated good/)).toBeTruthy();
    expect(good.getAttribute('aria-pressed')).toBe('true');
    expect(calls.filter((c) => c.url.pathname.endsWith('/feedback'))).toHaveLength(1);
    expect(calls.at(-1)!.body).toMatchObject({ rating: 'up', user_id: 'alice' });
    fireEvent.click(screen.getByRole('button', { name: 'Add a comment' }));
    fireEvent.change(screen.getByLabelText('Feedback comment'), { target: { value: 'exactly right' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save comment' }));
    expect(await screen.findByText(/“exactly right”/)).toBeTruthy();
    expect(calls.at(-1)!.body).toMatchObject({ rating: 'up', comment: 'exactly right' });
  });

  it('offline, shows the estimated tokens apart from billed ones', async () => {
    mockFetch({
      'GET /conversations': NO_CONVERSATIONS,
      'GET /models': () => json(OFFLINE),
      'POST /chat/stream': () => chatStream({ provider: 'offline', model: 'none', usage: { input_tokens: 0, output_tokens: 0, estimated_input_tokens: 1227 } }),
    });
    await renderChat();
    expect(await screen.findByText('No model configured')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(/about 1,227 input tokens estimated \(nothing was sent or billed\)/)).toBeTruthy();
    expect(screen.queryByText(/in \/ 0 out tokens/)).toBeNull();
    expect(screen.getByText('No skills used')).toBeTruthy();
  });

  it('Shift+Enter adds a line and does not send', async () => {
    const calls = mockFetch({ 'GET /conversations': NO_CONVERSATIONS, 'GET /models': () => json(OFFLINE) });
    await renderChat();
    const box = screen.getByLabelText('Message');
    fireEvent.change(box, { target: { value: 'line one' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('sends the model picked from what the provider offers', async () => {
    const calls = mockFetch({
      'GET /conversations': NO_CONVERSATIONS,
      'GET /models': () => json(ANTHROPIC),
      'POST /chat/stream': () => chatStream({ model: 'claude-haiku-9' }),
    });
    await renderChat();
    const picker = (await screen.findByLabelText('Model')) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.value)).toEqual(['claude-sonnet-4-6', 'claude-haiku-9']);
    expect(picker.options[0].textContent).toContain('default');
    fireEvent.change(picker, { target: { value: 'claude-haiku-9' } });
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'quick one' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(/claude-haiku-9 ·/);
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ model: 'claude-haiku-9' });
    expect(sessionStorage.getItem('llmos.model')).toBe('claude-haiku-9');
  });

  it('copies an answer and a code block, and highlights the code once its chunk has loaded', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    vi.stubGlobal('isSecureContext', true);
    mockFetch({
      'GET /conversations': NO_CONVERSATIONS,
      'GET /models': () => json(OFFLINE),
      'POST /chat/stream': () => chatStream({ text: ['Try this:\n\n```python\ndef fib(n):\n    return n\n```\n'] }),
    });
    const { container } = await renderChat();
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'fib' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy code' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('def fib(n):\n    return n'));
    expect(await screen.findByText('Copied')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy answer' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith('Try this:\n\n```python\ndef fib(n):\n    return n\n```\n'));
    await waitFor(() => expect(container.querySelector('.code-block .hljs-keyword')?.textContent).toBe('def'));
    expect(container.querySelector('.code-head')!.textContent).toContain('python');
  });
});

describe('regenerate and edit-and-resend', () => {
  const detail = {
    conversation: { conversation_id: 'c_1', kind: 'chat', title: 'Name a prime', renamed: false, started: '', updated: '', turns: 2, model: null, run_id: null, agent: null, match: null },
    turns: [
      { turn: view('tr_a', 'Name a prime', 'Seven.', { skills: [{ id: 'maths', name: 'Maths', volume: 'system', reason: 'retrieved' }] }), earlier: [] },
      { turn: view('tr_b', 'Another one', 'Eleven.', { skills: [{ id: 'maths', name: 'Maths', volume: 'system', reason: 'continued' }] }), earlier: [] },
    ],
  };

  it('shows chips on every answer, follow-ups included', async () => {
    mockFetch({ 'GET /conversations': NO_CONVERSATIONS, 'GET /models': () => json(OFFLINE), 'GET /conversations/c_1': () => json(detail) });
    await renderChat('/ui/chat/c_1');
    expect(await screen.findByText('Eleven.')).toBeTruthy();
    expect(screen.getAllByRole('list', { name: 'Skills used' })).toHaveLength(2);
    expect(screen.getByRole('heading', { name: 'Name a prime' })).toBeTruthy();
  });

  it('regenerates the last answer in its place and keeps the earlier version to flip back to', async () => {
    const calls = mockFetch({
      'GET /conversations': NO_CONVERSATIONS, 'GET /models': () => json(OFFLINE), 'GET /conversations/c_1': () => json(detail),
      'POST /chat/stream': () => chatStream({ text: ['Thirteen.'], trace: 'tr_b2' }),
    });
    await renderChat('/ui/chat/c_1');
    fireEvent.click(await screen.findByRole('button', { name: 'Regenerate' }));
    expect(await screen.findByText('Thirteen.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ message: 'Another one', conversation_id: 'c_1', replaces: 'tr_b' });
    expect(screen.queryByText('Eleven.')).toBeNull();
    expect(screen.getByText('2 / 2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Previous version' }));
    expect(screen.getByText('Eleven.')).toBeTruthy();
    expect(screen.getByText('1 / 2')).toBeTruthy();
    expect(screen.getAllByRole('article')).toHaveLength(2);
  });

  it('edits an earlier question and sends it again in place of that turn and those after it', async () => {
    const calls = mockFetch({
      'GET /conversations': NO_CONVERSATIONS, 'GET /models': () => json(OFFLINE), 'GET /conversations/c_1': () => json(detail),
      'POST /chat/stream': () => chatStream({ text: ['Two.'], trace: 'tr_a2' }),
    });
    await renderChat('/ui/chat/c_1');
    const first = await screen.findByRole('article', { name: 'Turn 1' });
    fireEvent.click(within(first).getByRole('button', { name: 'Edit and resend' }));
    fireEvent.change(within(first).getByLabelText('Edit message'), { target: { value: 'Name an even prime' } });
    fireEvent.click(within(first).getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Two.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ message: 'Name an even prime', replaces: 'tr_a' });
    expect(screen.getAllByRole('article')).toHaveLength(1);
    expect(screen.queryByText('Eleven.')).toBeNull();
  });
});

describe('the conversation list', () => {
  const now = new Date();
  const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 3600 * 1000).toISOString();
  const item = (id: string, title: string, updated: string, kind: ConversationSummary['kind'] = 'chat', match: string | null = null): ConversationSummary =>
    ({ conversation_id: id, kind, title, renamed: false, started: updated, updated, turns: 1, model: null, run_id: kind === 'agent' ? id : null, agent: null, match });
  const LONG = 'A very long first question about how to write a SQL query that finds the top ten customers by revenue in each country';

  it('groups chats by date with whole titles on hover, and keeps agent runs and API calls apart', async () => {
    mockFetch({
      'GET /models': () => json(OFFLINE),
      'GET /conversations': () => json({ total: 5, conversations: [
        item('c_today', LONG, now.toISOString()), item('run_1', 'orchestrator: Compare databases', now.toISOString(), 'agent'),
        item('c_yesterday', 'Yesterday question', daysAgo(1)), item('c_week', 'Last week question', daysAgo(4)),
        item('conv_api', 'Hello from an SDK', daysAgo(2), 'api'),
      ] }),
    });
    await renderChat();
    const side = screen.getByRole('complementary', { name: 'Conversations' });
    const today = await within(side).findByRole('region', { name: 'Today' });
    const long = within(today).getByRole('link', { name: LONG });
    expect(long.getAttribute('title')).toBe(LONG);
    expect(long.className).toContain('title');
    expect(within(side).getByRole('region', { name: 'Yesterday' }).textContent).toContain('Yesterday question');
    expect(within(side).getByRole('region', { name: 'Previous 7 days' }).textContent).toContain('Last week question');
    expect(within(today).queryByText(/Compare databases/)).toBeNull();
    const runs = within(side).getByText('Agent runs (1)').closest('details')!;
    expect(within(runs).getByRole('link', { name: /Compare databases/ }).getAttribute('href')).toBe('/ui/runs/run_1');
    expect(within(side).getByText('API calls (1)')).toBeTruthy();
  });

  it('searches titles and messages and says what matched', async () => {
    const calls = mockFetch({
      'GET /models': () => json(OFFLINE),
      'GET /conversations': (url) => json(url.searchParams.get('q')
        ? { total: 1, conversations: [item('c_db', 'Indexes', now.toISOString(), 'chat', '…when is a hash index better?')] }
        : { total: 0, conversations: [] }),
    });
    await renderChat();
    fireEvent.change(screen.getByLabelText('Search conversations'), { target: { value: 'hash index' } });
    expect(await screen.findByText('…when is a hash index better?', {}, { timeout: 2000 })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Results for “hash index”' })).toBeTruthy();
    expect(calls.some((c) => c.url.pathname === '/conversations' && c.url.searchParams.get('q') === 'hash index')).toBe(true);
  });

  it('renames and deletes a conversation through the API', async () => {
    let list = [item('c_1', 'Old title', now.toISOString())];
    const calls = mockFetch({
      'GET /models': () => json(OFFLINE),
      'GET /conversations': () => json({ total: list.length, conversations: list }),
      'PUT /conversations/c_1/title': (_u, init) => {
        list = [{ ...list[0], title: JSON.parse(String(init.body)).title, renamed: true }];
        return json(list[0]);
      },
      'DELETE /conversations/c_1': () => {
        list = [];
        return json({ conversation_id: 'c_1', deleted: true, commit: {} });
      },
    });
    await renderChat();
    fireEvent.click(await screen.findByRole('button', { name: 'Actions for Old title' }));
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    fireEvent.change(screen.getByLabelText('New title'), { target: { value: 'Dinner ideas' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('link', { name: 'Dinner ideas' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')!.body).toMatchObject({ title: 'Dinner ideas', user_id: 'alice' });

    fireEvent.click(screen.getByRole('button', { name: 'Actions for Dinner ideas' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete conversation' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(/No conversations yet/)).toBeTruthy();
    expect(calls.find((c) => c.method === 'DELETE')!.url.searchParams.get('user_id')).toBe('alice');
  });

  it('at phone width folds away behind a toggle, so the message box comes first', async () => {
    mockFetch({ 'GET /conversations': NO_CONVERSATIONS, 'GET /models': () => json(OFFLINE) });
    const { container } = await renderChat();
    const layout = container.querySelector('.chat-layout')!;
    expect(layout.getAttribute('data-list-open')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Conversations' }));
    expect(layout.getAttribute('data-list-open')).toBe('true');
    expect(screen.getByRole('button', { name: 'Hide conversations' }).getAttribute('aria-expanded')).toBe('true');
  });
});

describe('chat helpers', () => {
  it('groups by Today, Yesterday, Previous 7 and 30 days, then by month', () => {
    const now = new Date(2026, 10, 25, 12);
    const at = (y: number, m: number, d: number) => ({ t: new Date(y, m, d, 9).toISOString() });
    const groups = groupByDate([at(2026, 10, 25), at(2026, 10, 24), at(2026, 10, 20), at(2026, 10, 1), at(2026, 7, 3)], (x) => x.t, now);
    expect(groups.map((g) => g.label)).toEqual(['Today', 'Yesterday', 'Previous 7 days', 'Previous 30 days', 'August 2026']);
  });

  it('names layers as people say them', () => {
    expect(layerOf('system', 'alice').label).toBe('system');
    expect(layerOf('teams/eng', 'alice').label).toBe('team eng');
    expect(layerOf('users/alice', 'alice').label).toBe('mine');
  });
});

describe('a step of an agent run', () => {
  it('is shown read-only, with a link to its run', async () => {
    mockFetch({
      'GET /conversations': NO_CONVERSATIONS, 'GET /models': () => json(OFFLINE),
      'GET /conversations/tr_sub': () => json({
        conversation: { conversation_id: 'run_1', kind: 'agent', title: 'orchestrator: plan', renamed: false, started: '', updated: '', turns: 1, model: null, run_id: 'run_1', agent: 'researcher', match: null },
        turns: [{ turn: view('tr_sub', 'Find the numbers', 'Found them.'), earlier: [] }],
      }),
    });
    render(<div />);
    await renderChat('/ui/chat/tr_sub');
    expect(await screen.findByText('Found them.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the run' }).getAttribute('href')).toBe('/ui/runs/run_1');
    expect(screen.queryByLabelText('Message')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Regenerate' })).toBeNull();
  });
});
