import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHttpClient, filenameFrom, queryString } from './client.ts';
import { AdminApiError } from './errors.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(responses: Response[]): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      const next = responses.shift();
      if (!next) throw new TypeError('Failed to fetch');
      return next;
    },
  };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

test('changes carry the CSRF token and JSON; reads carry neither', async () => {
  const { fetch, calls } = fakeFetch([json(200, { ok: 1 }), json(200, { ok: 2 })]);
  const client = createHttpClient({ fetch });
  client.csrfToken = 'token-1';
  await client.request('GET', '/api/admin/qas', { query: { text: '住民票', limit: 10, status: undefined } });
  await client.request('PUT', '/api/admin/qas/1001', { body: { version: 3 } });
  assert.equal(calls[0]?.url, '/api/admin/qas?text=%E4%BD%8F%E6%B0%91%E7%A5%A8&limit=10');
  assert.equal((calls[0]?.init.headers as Record<string, string>)['x-csrf-token'], undefined);
  const headers = calls[1]?.init.headers as Record<string, string>;
  assert.equal(headers['x-csrf-token'], 'token-1');
  assert.equal(headers['content-type'], 'application/json');
  assert.equal(calls[1]?.init.body, '{"version":3}');
  assert.equal(calls[1]?.init.credentials, 'same-origin');
});

test('a 401 tells the app before it is thrown; the message is the server\'s', async () => {
  const seen: AdminApiError[] = [];
  const { fetch } = fakeFetch([json(401, { error: { code: 'UNAUTHENTICATED', message: '一定時間操作がなかったため、ログアウトしました。' } })]);
  const client = createHttpClient({ fetch, onUnauthorized: (error) => seen.push(error) });
  await assert.rejects(client.request('POST', '/api/admin/qas', { body: {} }), (error: unknown) => error instanceof AdminApiError && error.status === 401 && /ログアウトしました/.test(error.message));
  assert.equal(seen.length, 1);
});

test('other errors are not 401s and carry their details', async () => {
  const seen: AdminApiError[] = [];
  const { fetch } = fakeFetch([json(409, { error: { code: 'CONFLICT', message: '先に保存されました。', current: { version: 4 } } })]);
  const client = createHttpClient({ fetch, onUnauthorized: (error) => seen.push(error) });
  await assert.rejects(client.request('PUT', '/x', { body: {} }), (error: unknown) => error instanceof AdminApiError && error.code === 'CONFLICT' && (error.details.current as { version: number }).version === 4);
  assert.equal(seen.length, 0);
});

test('a failed connection becomes a Japanese network error; 204 is undefined', async () => {
  const { fetch } = fakeFetch([new Response(null, { status: 204 })]);
  const client = createHttpClient({ fetch });
  assert.equal(await client.request('DELETE', '/x'), undefined);
  await assert.rejects(client.request('GET', '/x'), (error: unknown) => error instanceof AdminApiError && error.code === 'NETWORK' && /接続できませんでした/.test(error.message));
});

test('a call that takes too long is a timeout', async () => {
  const client = createHttpClient({
    timeoutMs: 20,
    fetch: (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  });
  await assert.rejects(client.request('GET', '/slow'), (error: unknown) => error instanceof AdminApiError && error.code === 'TIMEOUT');
});

test("one call may wait longer than the client's timeout (a model call)", async () => {
  const client = createHttpClient({
    timeoutMs: 5,
    fetch: (_input, init) =>
      new Promise((resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        setTimeout(() => resolve(new Response('{"ok":true}', { status: 200 })), 40);
      }),
  });
  assert.deepEqual(await client.request('POST', '/model', { timeoutMs: 1_000 }), { ok: true });
  await assert.rejects(client.request('POST', '/model'), (error: unknown) => error instanceof AdminApiError && error.code === 'TIMEOUT');
});

test('a success that is not JSON is reported, not thrown raw', async () => {
  const { fetch } = fakeFetch([new Response('<html>', { status: 200 })]);
  await assert.rejects(createHttpClient({ fetch }).request('GET', '/x'), (error: unknown) => error instanceof AdminApiError && error.code === 'BAD_RESPONSE');
});

test('downloads take the file name from Content-Disposition', async () => {
  const { fetch } = fakeFetch([new Response('a,b', { status: 200, headers: { 'content-disposition': "attachment; filename=\"qa.csv\"; filename*=UTF-8''QA%E4%B8%80%E8%A6%A7.csv" } })]);
  const file = await createHttpClient({ fetch }).download('/x', { fallbackName: 'x.csv' });
  assert.equal(file.filename, 'QA一覧.csv');
  assert.equal(await file.blob.text(), 'a,b');
  assert.equal(filenameFrom('attachment; filename="audit-20261130.csv"', 'x'), 'audit-20261130.csv');
  assert.equal(filenameFrom(null, 'x.csv'), 'x.csv');
});

test('queryString skips empty values and repeats arrays', () => {
  assert.equal(queryString({ a: '', b: null, c: undefined }), '');
  assert.equal(queryString({ ids: ['1', '2'], page: 2, on: true }), '?ids=1&ids=2&page=2&on=true');
});
