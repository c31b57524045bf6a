import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { closedPort, loopbackGuard } from '../../security/loopback-outbound.ts';
import { MAX_REDIRECTS, OutboundGuard, UNREACHABLE_MESSAGE } from '../../security/outbound-guard.ts';
import { fetchPage as fetchWith, PageFetchError, USER_AGENT, webAddress, type FetchPageOptions } from './fetch-page.ts';

const PAGE = '<html><body><main><p>住民票の写しは市民課で取れます。</p></main></body></html>';
const ETAG = '"v1"';
const MODIFIED = 'Thu, 01 Oct 2026 00:00:00 GMT';

let base = '';
const guard = loopbackGuard();
/** Reads through a guard that admits the loopback test server, as a city that set --outbound-allow 127.0.0.1. */
const fetchPage = (url: string, options: Partial<FetchPageOptions> = {}) => fetchWith(url, { guard, ...options });
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
  await guard.close();
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

  test('refuses a sixth redirect and a redirect to another scheme, as it refuses an address', async () => {
    const tooMany = await failure(fetchPage(`${base}/chain/${MAX_REDIRECTS}`));
    assert.deepEqual([tooMany.kind, tooMany.message], ['refused', UNREACHABLE_MESSAGE]);
    const file = await failure(fetchPage(`${base}/to-file`));
    assert.deepEqual([file.kind, file.message], ['refused', UNREACHABLE_MESSAGE]);
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
    assert.deepEqual([slow.kind, slow.message], ['timeout', UNREACHABLE_MESSAGE]);
  });

  test('stops at once when the caller\'s signal aborts, mid-request or before it', async () => {
    const controller = new AbortController();
    const asked = seen.length;
    // A time-out of ten minutes: only the signal can end this fetch.
    const fetching = failure(fetchPage(`${base}/slow`, { timeoutMs: 600_000, signal: controller.signal }));
    while (seen.length === asked) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const stopped = await fetching;
    assert.equal(stopped.kind, 'aborted');
    assert.match(stopped.message, /読み込みを取りやめました/);

    const before = seen.length;
    assert.equal((await failure(fetchPage(`${base}/page`, { signal: AbortSignal.abort() }))).kind, 'aborted');
    assert.equal(seen.length, before, 'no request was made');
  });

  test('a refused address, a name not found, a refused connection and a time-out read alike; the log tells them apart', async () => {
    const port = await closedPort();
    const logged: string[] = [];
    const strict = new OutboundGuard({
      onFailure: ({ reason }) => logged.push(reason),
      resolve: async (hostname) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      },
    });
    const open = loopbackGuard({ onFailure: ({ reason }) => logged.push(reason) });
    try {
      const failures = [
        await failure(fetchWith(`${base}/page`, { guard: strict })),
        await failure(fetchWith('http://no-such-host.city.test/', { guard: strict })),
        await failure(fetchWith(`http://127.0.0.1:${port}/`, { guard: open })),
        await failure(fetchWith(`${base}/slow`, { guard: open, timeoutMs: 300 })),
      ];
      assert.deepEqual(
        failures.map((f) => f.kind),
        ['refused', 'network', 'network', 'timeout'],
      );
      assert.deepEqual(new Set(failures.map((f) => f.message)), new Set([UNREACHABLE_MESSAGE]));
      assert.equal(logged.length, 4);
      assert.match(logged[0] ?? '', /127\.0\.0\.1 is not public/);
      assert.deepEqual(logged.slice(1, 3), ['ENOTFOUND', 'ECONNREFUSED']);
    } finally {
      await Promise.all([strict.close(), open.close()]);
    }
  });

  test('explains an unusable address in Japanese, before any request', async () => {
    const before = seen.length;
    for (const address of ['ftp://example.jp/a.html', 'javascript:alert(1)', 'www.city.example.jp/faq', 'https://user:pass@example.jp/']) {
      const error = await failure(fetchPage(address));
      assert.equal(error.kind, 'address', address);
      assert.notEqual(error.message, UNREACHABLE_MESSAGE);
    }
    assert.equal(seen.length, before);
  });
});

test('webAddress trims and drops the fragment; whether the address may be read is judged when it is', () => {
  assert.equal(webAddress('  https://www.city.example.jp/faq/#q1 ').href, 'https://www.city.example.jp/faq/');
  assert.equal(webAddress('http://10.1.2.3/cms/faq.html').host, '10.1.2.3');
});
