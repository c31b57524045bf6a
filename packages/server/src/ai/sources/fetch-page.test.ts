import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fetchPage, MAX_REDIRECTS, PageFetchError, USER_AGENT, webAddress } from './fetch-page.ts';

const PAGE = '<html><body><main><p>住民票の写しは市民課で取れます。</p></main></body></html>';
const ETAG = '"v1"';
const MODIFIED = 'Thu, 01 Oct 2026 00:00:00 GMT';

let base = '';
const seen: { path: string; headers: IncomingMessage['headers'] }[] = [];
/** Responses left hanging by /slow, answered when the test ends. */
const hanging: ServerResponse[] = [];

const server = createServer((request, response) => {
  const path = request.url ?? '/';
  seen.push({ path, headers: request.headers });
  if (path === '/page') {
    if (request.headers['if-none-match'] === ETAG || request.headers['if-modified-since'] === MODIFIED) return void response.writeHead(304, { etag: ETAG }).end();
    return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: ETAG, 'last-modified': MODIFIED }).end(PAGE);
  }
  if (path === '/moved') return void response.writeHead(301, { location: '/page' }).end();
  if (path.startsWith('/chain/')) {
    const n = Number(path.slice('/chain/'.length));
    return void response.writeHead(302, { location: n > 0 ? `/chain/${n - 1}` : '/page' }).end();
  }
  if (path === '/to-file') return void response.writeHead(302, { location: 'file:///etc/passwd' }).end();
  if (path === '/gone') return void response.writeHead(410, { 'content-type': 'text/html' }).end('<p>削除されました</p>');
  if (path === '/missing') return void response.writeHead(404, { 'content-type': 'text/html' }).end('<p>ありません</p>');
  if (path === '/endless') {
    // No Content-Length: the size is only known by reading.
    response.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 'あ');
    const write = (): void => {
      while (response.write(chunk)) {
        if (response.destroyed) return;
      }
      response.once('drain', write);
    };
    response.on('error', () => undefined);
    return void write();
  }
  if (path === '/declared-large') return void response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(50 * 1024 * 1024) }).end();
  if (path === '/slow') return void hanging.push(response);
  response.writeHead(500).end();
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  for (const response of hanging) response.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<PageFetchError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PageFetchError, `a PageFetchError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the fetch to fail');
}

describe('fetchPage', () => {
  test('reads a page with its type, validators and our User-Agent', async () => {
    const page = await fetchPage(`${base}/page`);
    assert.equal(page.status, 200);
    assert.equal(page.notModified, false);
    assert.equal(page.url, `${base}/page`);
    assert.equal(page.contentType, 'text/html; charset=utf-8');
    assert.equal(page.body.toString('utf8'), PAGE);
    assert.deepEqual([page.etag, page.lastModified], [ETAG, MODIFIED]);
    assert.equal(seen.at(-1)?.headers['user-agent'], USER_AGENT);
  });

  test('sends If-None-Match and If-Modified-Since, and reports 304 as not modified', async () => {
    const byEtag = await fetchPage(`${base}/page`, { etag: ETAG });
    assert.deepEqual([byEtag.status, byEtag.notModified, byEtag.body.length], [304, true, 0]);
    assert.equal(seen.at(-1)?.headers['if-none-match'], ETAG);
    const byDate = await fetchPage(`${base}/page`, { lastModified: MODIFIED });
    assert.equal(byDate.notModified, true);
    assert.equal(seen.at(-1)?.headers['if-modified-since'], MODIFIED);
  });

  test('follows redirects and reports the final address', async () => {
    const page = await fetchPage(`${base}/moved#top`);
    assert.equal(page.url, `${base}/page`);
    assert.equal(page.status, 200);
    assert.equal((await fetchPage(`${base}/chain/${MAX_REDIRECTS - 1}`)).url, `${base}/page`);
  });

  test('refuses a sixth redirect and a redirect to another scheme', async () => {
    const tooMany = await failure(fetchPage(`${base}/chain/${MAX_REDIRECTS}`));
    assert.equal(tooMany.kind, 'redirect');
    assert.match(tooMany.message, /転送（リダイレクト）が多すぎます/);
    const file = await failure(fetchPage(`${base}/to-file`));
    assert.equal(file.kind, 'redirect');
    assert.match(file.message, /http\(s\) ではないアドレス/);
    assert.ok(!seen.some((s) => s.path.includes('passwd')));
  });

  test('returns 404 and 410 with their status: the caller decides what missing means', async () => {
    assert.equal((await fetchPage(`${base}/missing`)).status, 404);
    assert.equal((await fetchPage(`${base}/gone`)).status, 410);
  });

  test('stops reading past the size limit, declared or not', async () => {
    const endless = await failure(fetchPage(`${base}/endless`, { maxBytes: 256 * 1024 }));
    assert.equal(endless.kind, 'too-large');
    assert.match(endless.message, /大きすぎる/);
    assert.equal((await failure(fetchPage(`${base}/declared-large`))).kind, 'too-large');
  });

  test('gives up on a server that does not answer within the time-out', async () => {
    const slow = await failure(fetchPage(`${base}/slow`, { timeoutMs: 300 }));
    assert.equal(slow.kind, 'timeout');
    assert.match(slow.message, /0\.3 秒以内に応答しなかった/);
  });

  test('explains a refused connection and an unusable address in Japanese', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await failure(fetchPage(`http://127.0.0.1:${port}/`));
    assert.equal(refused.kind, 'network');
    assert.match(refused.message, /接続できませんでした（接続を拒否されました）/);
    for (const address of ['ftp://example.jp/a.html', 'javascript:alert(1)', 'www.city.example.jp/faq', 'https://user:pass@example.jp/']) {
      assert.equal((await failure(fetchPage(address))).kind, 'address', address);
    }
  });
});

test('webAddress trims and drops the fragment', () => {
  assert.equal(webAddress('  https://www.city.example.jp/faq/#q1 ').href, 'https://www.city.example.jp/faq/');
});
