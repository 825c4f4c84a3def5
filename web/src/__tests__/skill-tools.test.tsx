import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { json, mockFetch, sse } from './test-utils';
import { alice, signedIn } from './signed-in';

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const summary = (id: string, name: string, volume = 'system', status = 'active') =>
  ({ id, name, category: null, description: `Use when ${name}`, volume, keywords: [], format: 'seed', always_on: false, status });

describe('$ mentions in chat', () => {
  it('opens the visible skills on $, filters as you type, and inserts the picked id', async () => {
    const calls = mockFetch({
      'GET /traces': () => json({ total: 0, traces: [] }),
      'GET /skills': () =>
        json({ total: 4, skills: [summary('pytest-style', 'Pytest style', 'teams/eng'), summary('python-debugging', 'Python debugging'),
          summary('git-commits', 'Git commits'), summary('python-draft', 'Python draft', 'users/alice', 'draft')] }),
      'POST /chat/stream': () => sse(['event:done\ndata:{"trace_id":"tr_1","conversation_id":"c_1"}\n\n']),
    });
    const { default: Chat } = await import('../features/chat');
    signedIn(<Chat />, '/ui/chat', '/ui/chat/:conversation?');
    const box = screen.getByLabelText('Message') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'Use $' } });
    const list = await screen.findByRole('listbox', { name: 'Skills to mention' });
    expect(list.querySelectorAll('[role=option]').length).toBe(3); // drafts are not offered
    expect(calls.filter((c) => c.url.pathname === '/skills')[0].url.searchParams.get('user_id')).toBe('alice');

    fireEvent.change(box, { target: { value: 'Use $py' } });
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.id)).toEqual(['mention-pytest-style', 'mention-python-debugging']));
    expect(screen.getAllByRole('option')[0].getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option')[1].getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'ArrowDown' }); // wraps
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    fireEvent.keyDown(box, { key: 'Enter' }); // inserts, does not send
    expect(box.value).toBe('Use $python-debugging ');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    // Esc closes the list without stopping anything; Tab inserts too.
    fireEvent.change(box, { target: { value: 'Use $python-debugging and $gi' } });
    expect(await screen.findByRole('option', { name: /git-commits/ })).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.change(box, { target: { value: 'Use $python-debugging and $git' } });
    fireEvent.keyDown(await screen.findByRole('combobox'), { key: 'Tab' });
    expect(box.value).toBe('Use $python-debugging and $git-commits ');

    fireEvent.keyDown(box, { key: 'Enter' }); // now it sends
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ message: 'Use $python-debugging and $git-commits' }));
    expect(calls.filter((c) => c.url.pathname === '/skills').length).toBe(1); // loaded once
  });
});

describe('skill editor', () => {
  const detail = {
    id: 'deploy-check', name: 'Deploy check', category: 'ops', description: 'Use when deploying', volume: 'users/alice',
    keywords: ['deploy', 'ci'], format: 'agent-skill', always_on: false, globs: null, content: '## Steps\n1. check\n',
    path: 'skills/deploy-check/SKILL.md', commit: 'c1', files: ['references/guide.md'], license: 'MIT', compatibility: null,
    metadata: { title: 'Deploy check', category: 'ops', keywords: 'deploy, ci', owner: 'platform' },
    allowed_tools: ['Bash'], overrides: [], etag: 'e1',
  };

  it('edits an Agent Skill front matter as a form and keeps what it does not show', async () => {
    const calls = mockFetch({
      'GET /skills/deploy-check': () => json(detail),
      'PUT /skills/deploy-check': () => json({ skill: detail, commit: {}, created: false }),
    });
    const { default: SkillEditor } = await import('../features/skill-editor');
    signedIn(<SkillEditor />, '/ui/skills/deploy-check/edit?volume=users/alice', '/ui/skills/:id/edit');
    await waitFor(() => expect((screen.getByLabelText('License') as HTMLInputElement).value).toBe('MIT'));
    expect((screen.getByLabelText('Format') as HTMLSelectElement).value).toBe('agent-skill');
    expect((screen.getByLabelText('Keywords') as HTMLInputElement).value).toBe('deploy, ci');
    const meta = screen.getByLabelText('Metadata (key: value per line)') as HTMLTextAreaElement;
    expect(meta.value).toBe('owner: platform'); // title, category, keywords are the form's own fields
    expect(screen.getByRole('heading', { name: 'Steps' })).toBeTruthy(); // live preview
    // The body editor is CodeMirror, loaded as its own chunk.
    await waitFor(() => expect(document.querySelector('.cm-content')?.textContent).toContain('1. check'));

    fireEvent.change(screen.getByLabelText('License'), { target: { value: 'Apache-2.0' } });
    fireEvent.change(meta, { target: { value: 'owner: platform\nreviewed: yes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.headers['If-Match']).toBe('"e1"');
    expect(put.body).toMatchObject({
      user_id: 'alice', name: 'Deploy check', format: 'agent-skill', license: 'Apache-2.0', category: 'ops',
      keywords: ['deploy', 'ci'], metadata: { owner: 'platform', reviewed: 'yes' }, allowed_tools: ['Bash'], content: '## Steps\n1. check\n',
    });
  });

  it('refuses metadata lines that are not key: value, before sending', async () => {
    const calls = mockFetch({ 'GET /skills/templates': () => json([]) });
    const { default: SkillEditor } = await import('../features/skill-editor');
    signedIn(<SkillEditor />, '/ui/skills/new', '/ui/skills/new');
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'agent-skill' } });
    fireEvent.change(screen.getByLabelText('Id'), { target: { value: 'x' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'X' } });
    fireEvent.change(screen.getByLabelText('Metadata (key: value per line)'), { target: { value: 'just words' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('metadata line 1: write it as key: value');
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
  });
});

describe('import and export', () => {
  it('unpacks a zipped SKILL.md folder in the browser and imports it', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const zip = zipSync({
      'SKILL.md': strToU8('---\nname: deploy-check\ndescription: Use when deploying\n---\nSteps\n'),
      'references/guide.md': strToU8('# Guide\n'),
      '__MACOSX/._SKILL.md': strToU8('junk'),
    });
    const calls = mockFetch({
      'GET /skills': () => json({ total: 0, skills: [] }),
      'POST /skills/import': () =>
        json({ volume: 'users/alice', total: 1, ignored: [], failures: [],
          skills: [{ id: 'deploy-check', name: 'Deploy check', source_format: 'agent-skill', source_path: 'deploy-check/SKILL.md', files: ['references/guide.md'], warnings: [] }] }, 201),
    });
    const { default: Skills } = await import('../features/skills');
    signedIn(<Skills />, '/ui/skills', '/ui/skills');
    const input = screen.getByLabelText('Files or a zip') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([zip as BlobPart], 'deploy-check.zip', { type: 'application/zip' })] } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('status')).textContent).toContain('Imported 1 skill into users/alice');
    expect(screen.getByRole('link', { name: 'Deploy check' }).getAttribute('href')).toBe('/ui/skills/deploy-check?volume=users%2Falice');
    const sent = calls.find((c) => c.method === 'POST')!.body as { user_id: string; volume: string; files: { path: string; content: string; encoding: string }[] };
    expect(sent.user_id).toBe('alice');
    expect(sent.volume).toBe('user');
    expect(sent.files.map((f) => f.path).sort()).toEqual(['deploy-check/SKILL.md', 'deploy-check/references/guide.md']);
    expect(sent.files.every((f) => f.encoding === 'base64')).toBe(true);
    expect(atob(sent.files.find((f) => f.path.endsWith('SKILL.md'))!.content)).toContain('name: deploy-check');
    await waitFor(() => expect(calls.filter((c) => c.url.pathname === '/skills').length).toBe(2)); // the list reloads
  });

  it('shows a refused import plainly', async () => {
    mockFetch({
      'GET /skills': () => json({ total: 0, skills: [] }),
      'POST /skills/import': () => json({ title: 'Bad request', status: 400, detail: "path: '../x.mdc' must not have empty, '.' or '..' segments" }, 400),
    });
    const { default: Skills } = await import('../features/skills');
    signedIn(<Skills />, '/ui/skills', '/ui/skills');
    fireEvent.change(screen.getByLabelText('Files or a zip'), { target: { files: [new File(['x'], 'x.mdc')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toContain("must not have empty, '.' or '..' segments");
  });

  it('exports a skill as the file it is stored as, zipped for a SKILL.md folder', async () => {
    const { skillFile, exportSkill } = await import('../lib/skill-files');
    const base = { id: 'deploy-check', name: 'Deploy check', category: 'ops', description: 'Use when "deploying"', volume: 'users/alice',
      keywords: ['deploy'], always_on: false, globs: null, content: '## Steps\n', path: '', commit: 'c', files: [], license: 'MIT',
      compatibility: null, metadata: { owner: 'platform' }, allowed_tools: null, overrides: [], etag: 'e' };
    expect(skillFile({ ...base, format: 'seed' })).toBe(
      '---\nname: "Deploy check"\ncategory: "ops"\ndescription: "Use when \\"deploying\\""\nkeywords: ["deploy"]\n---\n## Steps\n');
    const agent = skillFile({ ...base, format: 'agent-skill' });
    expect(agent).toContain('name: deploy-check\n');
    expect(agent).toContain('license: "MIT"');
    expect(agent).toContain('metadata:\n  "owner": "platform"\n  "title": "Deploy check"\n  "category": "ops"\n  "keywords": "deploy"');
    const seedOut = await exportSkill({ ...base, format: 'seed' });
    expect(seedOut.name).toBe('deploy-check.md');
    const zipped = await exportSkill({ ...base, format: 'agent-skill' });
    expect(zipped.name).toBe('deploy-check.zip');
    const { unzipSync, strFromU8 } = await import('fflate');
    const entries = unzipSync(new Uint8Array(await zipped.blob.arrayBuffer()));
    expect(strFromU8(entries['deploy-check/SKILL.md'])).toBe(agent);
  });
});

describe('history revert and evolution edit-then-accept', () => {
  it('offers Revert on older commits of a skill in the caller\'s own volume', async () => {
    const detail = { id: 'mine', name: 'Mine', category: null, description: 'Use when mine', volume: 'users/alice', keywords: [], format: 'seed',
      always_on: false, globs: null, content: 'now', path: 'skills/mine.md', commit: 'c2', files: [], license: null, compatibility: null,
      metadata: null, allowed_tools: null, overrides: [], etag: 'e' };
    const commits = [
      { id: 'c2', short_id: 'c2', message: 'Update skill mine', author: 'alice', time: '2026-01-02T00:00:00Z' },
      { id: 'c1', short_id: 'c1', message: 'Create skill mine', author: 'alice', time: '2026-01-01T00:00:00Z' },
    ];
    const calls = mockFetch({
      'GET /skills/mine': () => json(detail),
      'GET /skills/mine/history': () => json({ volume: 'users/alice', commits }),
      'POST /skills/mine/revert': () => json({ skill: detail, commit: {}, created: false }),
    });
    const { default: SkillPage } = await import('../features/skill-page');
    signedIn(<SkillPage />, '/ui/skills/mine?volume=users/alice', '/ui/skills/:id');
    expect(await screen.findByRole('button', { name: 'Revert to c1' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Revert to c2' })).toBeNull(); // the newest is what it is now
    expect(screen.getByRole('button', { name: 'Export .md' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Revert to c1' }));
    expect((await screen.findByRole('status')).textContent).toContain('Reverted mine to c1');
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ user_id: 'alice', commit: 'c1', volume: 'users/alice' });
  });

  it('lists the other files of a SKILL.md folder', async () => {
    const detail = { id: 'pdf', name: 'pdf', category: null, description: 'Use for PDFs', volume: 'users/alice', keywords: [], format: 'agent-skill',
      always_on: false, globs: null, content: 'x', path: 'skills/pdf/SKILL.md', commit: 'c1', files: ['reference.md', 'scripts/fill.py'],
      license: null, compatibility: null, metadata: null, allowed_tools: null, overrides: [], etag: 'e' };
    mockFetch({
      'GET /skills/pdf': () => json(detail),
      'GET /skills/pdf/history': () => json({ volume: 'users/alice', commits: [] }),
    });
    const { default: SkillPage } = await import('../features/skill-page');
    signedIn(<SkillPage />, '/ui/skills/pdf?volume=users/alice', '/ui/skills/:id');
    const files = await screen.findByRole('region', { name: 'Files' });
    expect(files.textContent).toContain('reference.md');
    expect(files.textContent).toContain('scripts/fill.py');
  });

  it('shows no Revert for a team or system skill', async () => {
    const detail = { id: 'shared', name: 'Shared', category: null, description: 'Use when shared', volume: 'system', keywords: [], format: 'seed',
      always_on: false, globs: null, content: 'x', path: 'skills/shared.md', commit: 'c2', files: [], license: null, compatibility: null,
      metadata: null, allowed_tools: null, overrides: [], etag: 'e' };
    mockFetch({
      'GET /skills/shared': () => json(detail),
      'GET /skills/shared/history': () => json({ volume: 'system', commits: [
        { id: 'c2', short_id: 'c2', message: 'b', author: 'root', time: '2026-01-02T00:00:00Z' },
        { id: 'c1', short_id: 'c1', message: 'a', author: 'root', time: '2026-01-01T00:00:00Z' }] }),
    });
    const { default: SkillPage } = await import('../features/skill-page');
    signedIn(<SkillPage />, '/ui/skills/shared?volume=system', '/ui/skills/:id');
    expect(await screen.findByText(/c1/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Revert/ })).toBeNull();
  });

  it('edits a draft before accepting it', async () => {
    const drafts = [{ id: 'quick-dinners', kind: 'new', name: 'quick-dinners', description: 'Use when cooking', status: 'draft', update_of: null, count: 4, success_rate: 1, diff: '+x' }];
    const calls = mockFetch({
      'GET /evolution/drafts': () => json({ total: drafts.length, drafts }),
      'GET /evolution/drafts/quick-dinners': () => json({ ...drafts[0], content: '---\nname: quick-dinners\ndescription: Use when cooking\n---\n## Steps\n1. cook\n' }),
      'POST /evolution/drafts/quick-dinners/accept': () => json({ id: 'quick-dinners' }),
    });
    const { default: Evolution } = await import('../features/evolution');
    signedIn(<Evolution />, '/ui/evolution', '/ui/evolution');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit…' }));
    const body = (await screen.findByLabelText('Body')) as HTMLTextAreaElement;
    expect(body.value).toBe('## Steps\n1. cook\n');
    fireEvent.change(body, { target: { value: '## Steps\n1. cook fast\n' } });
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'Use when cooking quickly' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accept edited' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ user_id: 'alice', description: 'Use when cooking quickly', content: '## Steps\n1. cook fast\n' });
  });
});
