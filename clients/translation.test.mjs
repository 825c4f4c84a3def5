// The official OpenAI and Anthropic SDKs across LLMos's translation, both ways: the openai SDK (Chat
// Completions and the Responses API) asking for a Claude model, which LLMos serves from its Anthropic
// upstream; the Anthropic SDK asking for a local model, which LLMos serves from its OpenAI-compatible
// upstream. The upstreams are fakes (TranslationSdkTests); each request names its case, which the
// fakes answer by (in `user` / `metadata.user_id`, so the words stay ordinary requests whose skills can be
// checked), and the JUnit side checks what the fakes received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const openai = new OpenAI({ apiKey: 'local', baseURL: process.env.LLMOS_URL + '/v1', maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: 'local', baseURL: process.env.LLMOS_URL, maxRetries: 0 });
const CLAUDE = 'claude-sonnet-4-6';
const LOCAL = 'llama3.2';
const weather = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

test('openai chat -> Claude: text, usage with cached tokens, skills header', async () => {
  const { data, response } = await openai.chat.completions.create({
    user: 'case-text', model: CLAUDE, max_tokens: 200, temperature: 0.2,
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Write a Python function to calculate Fibonacci numbers' }],
  }).withResponse();
  assert.equal(data.object, 'chat.completion');
  assert.equal(data.choices[0].message.content, 'Claude says hi.');
  assert.equal(data.choices[0].finish_reason, 'stop');
  assert.equal(data.usage.prompt_tokens, 30 + 100);
  assert.equal(data.usage.prompt_tokens_details.cached_tokens, 100);
  assert.equal(data.usage.completion_tokens, 4);
  assert.ok(response.headers.get('x-llmos-skills').includes('python-coding'), response.headers.get('x-llmos-skills'));
});

test('openai chat -> Claude, streamed: a tool call and the usage chunk', async () => {
  const stream = await openai.chat.completions.create({
    user: 'case-tool', model: CLAUDE, stream: true, stream_options: { include_usage: true },
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: weather } }],
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
  });
  const calls = {};
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    for (const choice of chunk.choices) {
      for (const c of choice.delta.tool_calls ?? []) {
        calls[c.index] ??= { id: c.id, name: c.function?.name, args: '' };
        calls[c.index].args += c.function?.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }
    usage = chunk.usage ?? usage;
  }
  assert.equal(calls[0].name, 'get_weather');
  assert.match(calls[0].id, /^toolu_/);
  assert.deepEqual(JSON.parse(calls[0].args), { city: 'Paris' });
  assert.equal(finish, 'tool_calls');
  assert.ok(usage && usage.completion_tokens > 0, JSON.stringify(usage));
});

test('openai chat -> Claude: the tool result goes back as a tool_result', async () => {
  const data = await openai.chat.completions.create({
    user: 'case-result', model: CLAUDE,
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: weather } }],
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_abc', content: 'sunny, 21C' },
    ],
  });
  assert.equal(data.choices[0].message.content, 'It is sunny.');
});

test('openai chat -> Claude: an upstream 429 is an OpenAI RateLimitError', async () => {
  await assert.rejects(
    openai.chat.completions.create({ user: 'case-429', model: CLAUDE, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.RateLimitError && err.status === 429 && err.error?.type === 'rate_limit_error');
});

test('openai chat -> Claude: what cannot be translated is a 400 naming it', async () => {
  await assert.rejects(
    openai.chat.completions.create({ model: CLAUDE, n: 2, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.BadRequestError && /'n'/.test(err.message));
});

test('anthropic -> local model: text and usage', async () => {
  const message = await anthropic.messages.create({
    metadata: { user_id: 'case-text' }, model: LOCAL, max_tokens: 100, system: 'Be brief.',
    messages: [{ role: 'user', content: 'Write a SQL query that counts orders per customer' }],
  });
  assert.equal(message.type, 'message');
  assert.equal(message.content[0].text, 'Local says hi.');
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.usage.input_tokens, 40);
  assert.equal(message.usage.output_tokens, 6);
});

test('anthropic -> local model, streamed: tool_use blocks from tool_calls', async () => {
  const stream = anthropic.messages.stream({
    metadata: { user_id: 'case-tool' }, model: LOCAL, max_tokens: 100,
    tools: [{ name: 'get_weather', input_schema: weather }],
    messages: [{ role: 'user', content: 'Weather in Oslo?' }],
  });
  const types = [];
  stream.on('streamEvent', (e) => types.push(e.type));
  const message = await stream.finalMessage();
  const use = message.content.find((b) => b.type === 'tool_use');
  assert.equal(use.name, 'get_weather');
  assert.deepEqual(use.input, { city: 'Oslo' });
  assert.equal(message.stop_reason, 'tool_use');
  assert.deepEqual([types[0], types.at(-1)], ['message_start', 'message_stop']);
});

test('anthropic -> local model: tool results and images go back in chat form', async () => {
  const message = await anthropic.messages.create({
    metadata: { user_id: 'case-result' }, model: LOCAL, max_tokens: 100,
    tools: [{ name: 'get_weather', input_schema: weather }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_x', name: 'get_weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_x', content: 'rain' }] },
    ],
  });
  assert.equal(message.content[0].text, 'It rains.');
});

test('anthropic -> local model: an upstream 500 is an Anthropic api_error', async () => {
  await assert.rejects(
    anthropic.messages.create({ metadata: { user_id: 'case-500' }, model: LOCAL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof Anthropic.InternalServerError && err.error?.error?.type === 'api_error');
});

test('responses -> Claude: output_text, usage, and a follow-up by previous_response_id', async () => {
  const first = await openai.responses.create({
    user: 'case-text', model: CLAUDE, instructions: 'Be brief.', input: 'Write a Python function to calculate Fibonacci numbers',
  });
  assert.equal(first.object, 'response');
  assert.equal(first.status, 'completed');
  assert.equal(first.output_text, 'Claude says hi.');
  assert.equal(first.usage.input_tokens, 130);
  const second = await openai.responses.create({ user: 'case-followup', model: CLAUDE, previous_response_id: first.id, input: 'And in Java?' });
  assert.equal(second.output_text, 'Follow-up answered.');
  await assert.rejects(openai.responses.create({ model: CLAUDE, previous_response_id: 'resp_unknown', input: 'hi' }),
    (err) => err instanceof OpenAI.BadRequestError && /previous_response_id/.test(err.message));
});

test('responses -> local model, streamed: the event sequence and a function call', async () => {
  const stream = await openai.responses.create({
    user: 'case-tool', model: LOCAL, stream: true,
    tools: [{ type: 'function', name: 'get_weather', parameters: weather, strict: false }],
    input: [{ role: 'user', content: [{ type: 'input_text', text: 'Weather in Rome?' }] }],
  });
  const types = [];
  let done = null;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.completed') done = event.response;
  }
  assert.equal(types[0], 'response.created');
  assert.ok(types.includes('response.output_item.added'));
  assert.ok(types.includes('response.function_call_arguments.delta'));
  assert.equal(types.at(-1), 'response.completed');
  const call = done.output.find((i) => i.type === 'function_call');
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments), { city: 'Rome' });
  const next = await openai.responses.create({
    user: 'case-result', model: LOCAL,
    tools: [{ type: 'function', name: 'get_weather', parameters: weather, strict: false }],
    input: [{ role: 'user', content: 'Weather in Rome?' }, call,
      { type: 'function_call_output', call_id: call.call_id, output: 'hot' }],
  });
  assert.equal(next.output_text, 'It rains.');
});
