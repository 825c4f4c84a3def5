// The official Anthropic SDKs (1.x: Authorization Bearer + anthropic-version 2026-10-21; 0.x: x-api-key +
// 2023-06-01) against a real LLMos server whose upstream is a fake Anthropic API. The JUnit side
// (SdkCompatibilityTests) queues the upstream's replies in the order of these tests and checks what the
// upstream received and the traces written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import AnthropicLegacy from 'anthropic-legacy';

const baseURL = process.env.LLMOS_URL;
const apiKey = process.env.LLMOS_TOKEN;
const client = new Anthropic({ apiKey, baseURL, maxRetries: 0 });
const legacy = new AnthropicLegacy({ apiKey, baseURL, maxRetries: 0 });
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

test('1.x non-streaming: message, usage, skills header; system, image and stop_sequences pass through', async () => {
  const { data, response } = await client.messages.create({
    model: 'claude-sonnet-4-6',
    max_tokens: 256,
    system: 'You are terse.',
    stop_sequences: ['END'],
    messages: [{ role: 'user', content: [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'text', text: 'Write a Python function to calculate Fibonacci numbers' },
    ] }],
  }).withResponse();
  assert.equal(data.type, 'message');
  assert.equal(data.role, 'assistant');
  assert.equal(data.content[0].type, 'text');
  assert.equal(data.content[0].text, 'Fibonacci, memoized.');
  assert.equal(data.usage.input_tokens, 12);
  assert.equal(data.usage.output_tokens, 3);
  assert.ok(response.headers.get('x-llmos-skills').split(',').includes('fib-canary'), response.headers.get('x-llmos-skills'));
  assert.match(response.headers.get('x-llmos-trace-id'), /.+/);
});

test('0.x (x-api-key) streaming: events, text and usage with cache fields', async () => {
  const stream = legacy.messages.stream({
    model: 'claude-sonnet-4-6',
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Fibonacci in Python, please' }],
  });
  const types = [];
  stream.on('streamEvent', (e) => types.push(e.type));
  const message = await stream.finalMessage();
  assert.equal(message.content[0].text, 'Streaming the Fibonacci answer.');
  assert.equal(message.usage.output_tokens, 5);
  assert.equal(message.usage.cache_creation_input_tokens, 100);
  assert.deepEqual([types[0], types.at(-1)], ['message_start', 'message_stop']);
  assert.ok(types.includes('content_block_delta'));
});

test('1.x tool call, then the tool result streamed back', async () => {
  const tools = [{ name: 'get_weather', description: 'Weather for a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const first = await client.messages.create({
    model: 'claude-sonnet-4-6', max_tokens: 256, tools,
    messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  });
  assert.equal(first.stop_reason, 'tool_use');
  const use = first.content.find((b) => b.type === 'tool_use');
  assert.deepEqual(use.input, { city: 'Paris' });
  const second = await client.messages.stream({
    model: 'claude-sonnet-4-6', max_tokens: 256, tools,
    messages: [
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18 C and sunny' }] },
    ],
  }).finalMessage();
  assert.equal(second.content[0].text, 'It is sunny in Paris.');
});

test('upstream errors come back as the SDK error classes', async () => {
  await assert.rejects(
    client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof Anthropic.RateLimitError && err.status === 429 && err.error?.error?.type === 'rate_limit_error');
});

test('LLMos errors are Anthropic-shaped: a bad body is a 400, a bad token a 401', async () => {
  await assert.rejects(
    client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10 }),
    (err) => err instanceof Anthropic.BadRequestError && err.error?.error?.type === 'invalid_request_error');
  const stranger = new Anthropic({ apiKey: 'llmos_not-a-real-token-000000000000000000000', baseURL, maxRetries: 0 });
  await assert.rejects(
    stranger.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof Anthropic.AuthenticationError && err.error?.error?.type === 'authentication_error');
});

test('x-llmos-skills: off injects nothing', async () => {
  const { response } = await client.messages.create({
    model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'Fibonacci, no skills' }],
  }, { headers: { 'x-llmos-skills': 'off' } }).withResponse();
  assert.equal(response.headers.get('x-llmos-skills'), 'off');
});
