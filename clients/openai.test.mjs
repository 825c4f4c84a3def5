// The official OpenAI SDK (6.x) against a real LLMos server whose upstream is a fake OpenAI-compatible
// API. Replies are queued by SdkCompatibilityTests in the order of these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: process.env.LLMOS_TOKEN, baseURL: process.env.LLMOS_URL + '/v1', maxRetries: 0 });

test('non-streaming completion with usage and the skills header', async () => {
  const { data, response } = await client.chat.completions.create({
    model: 'llama3.2',
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Write a Python function to calculate Fibonacci numbers' }],
  }).withResponse();
  assert.equal(data.object, 'chat.completion');
  assert.equal(data.choices[0].message.content, 'Fibonacci, memoized.');
  assert.equal(data.usage.prompt_tokens, 12);
  assert.equal(data.usage.completion_tokens, 3);
  assert.ok(response.headers.get('x-llmos-skills').split(',').includes('fib-canary'), response.headers.get('x-llmos-skills'));
});

test('streaming with include_usage ends with a usage chunk and [DONE]', async () => {
  const stream = await client.chat.completions.create({
    model: 'llama3.2', stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Fibonacci please' }],
  });
  let text = '';
  let usage = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(text, 'Streaming the Fibonacci answer.');
  assert.equal(usage.completion_tokens, 5);
});

test('streaming without include_usage gets no usage chunk (LLMos asked for its own trace only)', async () => {
  const stream = await client.chat.completions.create({
    model: 'llama3.2', stream: true, messages: [{ role: 'user', content: 'Fibonacci again' }],
  });
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    assert.ok(chunk.choices.length > 0, 'no empty-choices usage chunk');
  }
  assert.ok(chunks >= 2);
});

test('tool calls through the stream helper', async () => {
  const runner = client.chat.completions.stream({
    model: 'llama3.2',
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
  });
  const done = await runner.finalChatCompletion();
  const call = done.choices[0].message.tool_calls[0];
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
  assert.equal(done.choices[0].finish_reason, 'tool_calls');
});

test('errors are OpenAI-shaped: upstream 400, LLMos 401', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.BadRequestError && err.error?.type === 'invalid_request_error');
  const stranger = new OpenAI({ apiKey: 'llmos_not-a-real-token-000000000000000000000', baseURL: process.env.LLMOS_URL + '/v1', maxRetries: 0 });
  await assert.rejects(stranger.chat.completions.create({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.AuthenticationError && err.status === 401);
});

test('models list names the configured model and its +noskills twin', async () => {
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes('llama3.2'), ids.join(','));
  assert.ok(ids.includes('llama3.2+noskills'), ids.join(','));
});
