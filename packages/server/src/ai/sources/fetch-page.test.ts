import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fetchPage, MAX_REDIRECTS, PageFetchError, refusedAddress, USER_AGENT, webAddress } from './fetch-page.ts';

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
  if (path === '/to-metadata') return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  if (path === '/to-metadata-name') return void response.writeHead(307, { location: 'http://metadata.city.test/latest/' }).end();
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

  test('refuses link-local and metadata addresses, written out, behind a redirect, or resolved from a name', async () => {
    for (const address of ['http://169.254.169.254/latest/meta-data/', 'http://0xa9fea9fe/', 'http://0.0.0.0:8080/', 'http://[fe80::1]/', 'http://[fd00:ec2::254]/', 'http://[::ffff:169.254.169.254]/']) {
      const error = await failure(fetchPage(address));
      assert.equal(error.kind, 'refused', address);
      assert.match(error.message, /サーバーの内部用のアドレス（リンクローカルやクラウドのメタデータ用）のため、読み込みません/);
    }
    assert.equal((await failure(fetchPage(`${base}/to-metadata`))).kind, 'refused');

    // Every address a name has is checked, on the first request and after a redirect.
    const asked: string[] = [];
    const lookup = async (hostname: string) => {
      asked.push(hostname);
      return [{ address: '10.0.0.8' }, { address: '169.254.169.254' }];
    };
    assert.equal((await failure(fetchPage('http://metadata.city.test/', { lookup }))).kind, 'refused');
    assert.equal((await failure(fetchPage(`${base}/to-metadata-name`, { lookup }))).kind, 'refused');
    assert.deepEqual(asked, ['metadata.city.test', 'metadata.city.test']);
    assert.ok(!seen.some((s) => s.path.startsWith('/latest')));
  });

  test('refusedAddress: link-local, metadata and 0.0.0.0/8 only; loopback and private ranges stay readable', () => {
    for (const address of ['169.254.169.254', '169.254.0.1', '0.0.0.0', '0.1.2.3', 'fe80::1', 'febf::1', 'fd00:ec2::254', '::ffff:169.254.169.254', '::']) {
      assert.equal(refusedAddress(address), true, address);
    }
    for (const address of ['127.0.0.1', '::1', '10.0.0.5', '172.16.0.1', '192.168.1.10', 'fd00::1', '203.0.113.7', '2001:db8::1', 'www.city.example.jp']) {
      assert.equal(refusedAddress(address), false, address);
    }
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
    // .invalid never resolves (RFC 6761): the system resolver is asked and its answer explained.
    const unknown = await failure(fetchPage('http://no-such-host.invalid/'));
    assert.equal(unknown.kind, 'network');
    assert.match(unknown.message, /サーバー名が見つかりません/);
  });
});

test('webAddress trims and drops the fragment; a refused IP address is refused already here', () => {
  assert.equal(webAddress('  https://www.city.example.jp/faq/#q1 ').href, 'https://www.city.example.jp/faq/');
  assert.throws(() => webAddress('http://169.254.169.254/'), (error) => error instanceof PageFetchError && error.kind === 'refused');
  assert.equal(webAddress('http://10.1.2.3/cms/faq.html').host, '10.1.2.3');
});
