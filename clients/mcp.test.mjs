// The official MCP TypeScript SDK client over Streamable HTTP against LLMos's /mcp, authenticated
// with an LLMos token like every other route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResultSchema } from '@modelcontextprotocol/sdk/types.js';

async function connect(token) {
  const client = new Client({ name: 'llmos-sdk-tests', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(process.env.LLMOS_URL + '/mcp'), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

test('lists the skill tools, searches and loads a skill', async () => {
  const client = await connect(process.env.LLMOS_TOKEN);
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const n of ['search_skills', 'load_skill', 'list_skill_files', 'read_skill_file', 'record_feedback']) {
    assert.ok(names.includes(n), names.join(','));
  }
  const found = await client.callTool({ name: 'search_skills', arguments: { query: 'fibonacci python' } });
  assert.match(found.content[0].text, /fib-canary/);
  const loaded = await client.callTool({ name: 'load_skill', arguments: { name: 'fib-canary' } });
  assert.equal(loaded.isError, false);
  assert.match(loaded.content[0].text, /CANARY-FIB-7/);
  const missing = await client.callTool({ name: 'load_skill', arguments: { name: 'no-such-skill' } });
  assert.equal(missing.isError, true);
  await client.close();
});

test('skills are prompts and resources too', async () => {
  const client = await connect(process.env.LLMOS_TOKEN);
  const { prompts } = await client.listPrompts();
  assert.ok(prompts.some((p) => p.name === 'fib-canary'));
  const prompt = await client.getPrompt({ name: 'fib-canary', arguments: { task: 'fib(10)' } });
  assert.match(prompt.messages[0].content.text, /CANARY-FIB-7[\s\S]*fib\(10\)/);
  const { resources } = await client.listResources();
  assert.ok(resources.some((r) => r.uri === 'skill://fib-canary/SKILL.md' && r.mimeType === 'text/markdown'));
  const read = await client.readResource({ uri: 'skill://fib-canary/SKILL.md' });
  assert.match(read.contents[0].text, /^---\nname: fib-canary\n[\s\S]*CANARY-FIB-7/);
  const short = await client.readResource({ uri: 'skill://fib-canary' });
  assert.match(short.contents[0].text, /CANARY-FIB-7/);
  await client.close();
});

test('the skills extension: declared, listed and got through plain requests', async () => {
  const client = await connect(process.env.LLMOS_TOKEN);
  assert.deepEqual(client.getServerCapabilities().extensions?.['io.modelcontextprotocol/skills'], {});
  const list = await client.request({ method: 'skills/list', params: {} }, ResultSchema);
  const entry = list.skills.find((s) => s.frontmatter.name === 'fib-canary');
  assert.equal(entry.uri, 'skill://fib-canary/SKILL.md');
  assert.match(entry.resources[0].digest, /^sha256:[0-9a-f]{64}$/);
  const got = await client.request({ method: 'skills/get', params: { uri: entry.uri } }, ResultSchema);
  assert.deepEqual(got.skill, entry);
  await client.close();
});

test('feedback on a trace through MCP', async () => {
  const client = await connect(process.env.LLMOS_TOKEN);
  const res = await client.callTool({ name: 'record_feedback', arguments: { trace_id: process.env.LLMOS_TRACE_ID ?? 'missing', rating: 'up' } });
  if (process.env.LLMOS_TRACE_ID) {
    assert.equal(res.isError, false, res.content[0].text);
  } else {
    assert.equal(res.isError, true);
  }
  await client.close();
});

test('an unknown token is refused at connect', async () => {
  await assert.rejects(connect('llmos_not-a-real-token-000000000000000000000'));
});
