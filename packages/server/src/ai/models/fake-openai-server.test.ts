import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeOpenAi } from './fake-openai-server.ts';

test('the fake answers chat completions and embeddings in the OpenAI formats, and records each request', async (t) => {
  const fake = await startFakeOpenAi({ chat: (body) => `受け取った質問: ${body.messages?.at(-1)?.content ?? ''}`, apiKey: 'sk-test' });
  t.after(() => fake.close());
  const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-test' };
  const chat = await fetch(`${fake.url}/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: '住民票' }] }),
  });
  const completion = (await chat.json()) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number; completion_tokens: number } };
  assert.equal(completion.choices[0]?.message.content, '受け取った質問: 住民票');
  assert.deepEqual([completion.usage.prompt_tokens, completion.usage.completion_tokens], [3, 12]);
  assert.equal(fake.requests[0]?.path, '/v1/chat/completions?api-version=2024-10-21');

  const embeddings = await fetch(`${fake.url}/embeddings`, { method: 'POST', headers, body: JSON.stringify({ model: 'e', input: ['住民票の写し', '住民票'] }) });
  const list = (await embeddings.json()) as { data: { index: number; embedding: number[] }[] };
  assert.deepEqual(list.data.map((d) => [d.index, d.embedding.length]), [[0, 256], [1, 256]]);

  const unauthorised = await fetch(`${fake.url}/embeddings`, { method: 'POST', body: JSON.stringify({ input: 'x' }) });
  assert.equal(unauthorised.status, 401);
});

test('scripted failures answer with their status and Retry-After', async (t) => {
  let calls = 0;
  const fake = await startFakeOpenAi({ chat: () => (++calls === 1 ? { status: 429, retryAfterSeconds: 1 } : 'ok') });
  t.after(() => fake.close());
  const ask = () => fetch(`${fake.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [] }) });
  const first = await ask();
  assert.equal(first.status, 429);
  assert.equal(first.headers.get('retry-after'), '1');
  assert.equal((await ask()).status, 200);
});
