import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, createApi, errorKindFor } from './api.ts';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(respond: (call: Call) => Promise<Response> | Response): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call = { url: String(input), init };
    calls.push(call);
    return respond(call);
  };
  return { fetch: impl, calls };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

test('HTTP errors map to what the citizen is told, by code first', () => {
  assert.equal(errorKindFor(429, 'RATE_LIMITED'), 'rateLimited');
  assert.equal(errorKindFor(429, null), 'rateLimited');
  assert.equal(errorKindFor(400, 'INVALID_REQUEST'), 'invalid');
  assert.equal(errorKindFor(413, null), 'invalid');
  assert.equal(errorKindFor(404, 'QA_NOT_FOUND'), 'notFound');
  assert.equal(errorKindFor(404, 'MESSAGE_NOT_FOUND'), 'notFound');
  assert.equal(errorKindFor(404, null), 'notFound');
  assert.equal(errorKindFor(500, 'INTERNAL'), 'server');
  assert.equal(errorKindFor(503, null), 'server');
  assert.equal(errorKindFor(500, 'RATE_LIMITED'), 'rateLimited', 'the code wins over the status');
});

test('routes, query strings and bodies follow the API contract, without cookies', async () => {
  const { fetch, calls } = fakeFetch(() => json(200, { ok: true }));
  const api = createApi('https://chat.example-city.jp', { fetch });
  await api.menu('en');
  await api.category('戸籍・住民票/印鑑', 'ja');
  await api.chat({ message: '住民票', lang: 'ja', via: 'typed', sessionId: 'abcdefghijklmnop' });
  await api.feedback({ messageId: 'm1', resolved: false, comment: 'わかりにくい' });
  assert.deepEqual(
    calls.map((c) => `${c.init?.method} ${c.url}`),
    [
      'GET https://chat.example-city.jp/api/v1/menu?lang=en',
      `GET https://chat.example-city.jp/api/v1/categories/${encodeURIComponent('戸籍・住民票/印鑑')}?lang=ja`,
      'POST https://chat.example-city.jp/api/v1/chat',
      'POST https://chat.example-city.jp/api/v1/feedback',
    ],
  );
  assert.ok(calls[1]?.url.includes('%2F'), 'a slash in a category name stays inside the path segment');
  assert.deepEqual(JSON.parse(String(calls[2]?.init?.body)), { message: '住民票', lang: 'ja', via: 'typed', sessionId: 'abcdefghijklmnop' });
  assert.deepEqual(JSON.parse(String(calls[3]?.init?.body)), { messageId: 'm1', resolved: false, comment: 'わかりにくい' });
  for (const call of calls) assert.equal(call.init?.credentials, 'omit');
  assert.equal(calls[0]?.init?.body, undefined);
});

test('the error body’s code decides the kind', async () => {
  const { fetch } = fakeFetch(() => json(429, { error: { code: 'RATE_LIMITED', message: '…' } }));
  const error = await rejection(createApi('https://x.test', { fetch }).chat({ message: 'a' }));
  assert.equal(error.kind, 'rateLimited');
  assert.equal(error.code, 'RATE_LIMITED');
});

test('a non-JSON error page still maps by status', async () => {
  const { fetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
  assert.equal((await rejection(createApi('https://x.test', { fetch }).menu('ja'))).kind, 'server');
});

test('a failed fetch is a network error', async () => {
  const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
  assert.equal((await rejection(createApi('https://x.test', { fetch }).menu('ja'))).kind, 'network');
});

/** A fetch that only settles when its signal aborts, like a real one would. */
const hangingFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

test('a call that takes too long times out', async () => {
  const api = createApi('https://x.test', { fetch: hangingFetch, timeoutMs: 20 });
  assert.equal((await rejection(api.chat({ message: 'a' }))).kind, 'timeout');
});

test('abortAll cancels calls in flight as aborted, not as errors to show', async () => {
  const api = createApi('https://x.test', { fetch: hangingFetch, timeoutMs: 10_000 });
  const pending = rejection(api.menu('ja'));
  api.abortAll();
  assert.equal((await pending).kind, 'aborted');
});

test('access events are sent with keepalive and without cookies, and a failure is swallowed', async () => {
  const { fetch, calls } = fakeFetch(() => json(200, { recorded: true }));
  await createApi('https://x.test', { fetch }).event({ event: 'load', channel: 'widget' });
  assert.equal(calls[0]?.url, 'https://x.test/api/v1/events');
  assert.equal(calls[0]?.init?.method, 'POST');
  assert.equal(calls[0]?.init?.keepalive, true);
  assert.equal(calls[0]?.init?.credentials, 'omit');
  assert.deepEqual(JSON.parse(String(calls[0]?.init?.body)), { event: 'load', channel: 'widget' });

  const failing = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
  await assert.doesNotReject(createApi('https://x.test', { fetch: failing.fetch }).event({ event: 'open' }));
  const refused = fakeFetch(() => json(429, { error: { code: 'RATE_LIMITED', message: '…' } }));
  await assert.doesNotReject(createApi('https://x.test', { fetch: refused.fetch }).event({ event: 'open' }));
});
