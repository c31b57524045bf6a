/**
 * The staff console's page, script and style, over a real port.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/test-server.ts';
import { rawGet } from '../http/test-support.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('every /admin address is the console\'s Japanese shell under a strict CSP, with nothing inline', async () => {
  for (const path of ['/admin', '/admin/', '/admin/qas', '/admin/qas/1001/history', '/admin/settings/character']) {
    const page = await rawGet(server.url, path);
    assert.equal(page.status, 200, path);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    for (const directive of ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' https: data:", "frame-ancestors 'none'"]) assert.ok(csp.includes(directive), `${path}: ${directive}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['cache-control'], 'no-store');
    const html = page.body.toString('utf8');
    assert.match(html, /<html lang="ja">/);
    assert.match(html, /<script type="module" src="\/admin\/app\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="\/admin\/app\.css">/);
    assert.doesNotMatch(html, /<script>|<style|\sstyle=|\son[a-z]+=/i, 'no inline script, style or handler');
  }
});

test('/admin/app.js and /admin/app.css are built at start, gzipped and revalidated by ETag', async () => {
  for (const [path, type] of [
    ['/admin/app.js', /^text\/javascript/],
    ['/admin/app.css', /^text\/css/],
  ] as const) {
    const zipped = await rawGet(server.url, path, { 'accept-encoding': 'gzip' });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.match(String(zipped.headers['content-type']), type);
    assert.equal(zipped.headers['cache-control'], 'no-cache');
    assert.equal(zipped.headers['cross-origin-resource-policy'], 'same-origin');
    const plain = await rawGet(server.url, path);
    assert.deepEqual(gunzipSync(zipped.body), plain.body);
    const again = await rawGet(server.url, path, { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) });
    assert.equal(again.status, 304);
  }
  const js = (await rawGet(server.url, '/admin/app.js')).body.toString('utf8');
  assert.doesNotMatch(js, /\beval\(|new Function\(/, 'nothing a CSP without unsafe-eval would block');
  assert.doesNotMatch(js, /typebox|better-sqlite3/i, 'no server code in the bundle');
  assert.match(js, /管理画面/);
});

test('app.js\'s chunks are served under /admin/chunks/ and cached for good (their names change with their content); unknown names are not found', async () => {
  const html = (await rawGet(server.url, '/admin')).body.toString('utf8');
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="(\/admin\/chunks\/[^"]+)">/g)].map((found) => found[1] ?? '');
  assert.ok(preloaded.length > 0, 'the shell preloads the chunks app.js imports at start');
  const js = (await rawGet(server.url, '/admin/app.js')).body.toString('utf8');
  const lazy = [...js.matchAll(/\bimport\("\.(\/chunks\/[^"]+)"\)/g)].map((found) => `/admin${found[1] ?? ''}`);
  assert.ok(lazy.some((path) => path.includes('/statistics-')) && lazy.some((path) => path.includes('/monthly-report-')), 'the chart screens are loaded when opened');

  for (const path of [...preloaded, ...lazy]) {
    const zipped = await rawGet(server.url, path, { 'accept-encoding': 'gzip' });
    assert.equal(zipped.status, 200, path);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.match(String(zipped.headers['content-type']), /^text\/javascript/);
    assert.equal(zipped.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(zipped.headers['cross-origin-resource-policy'], 'same-origin');
    assert.equal(zipped.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(gunzipSync(zipped.body), (await rawGet(server.url, path)).body);
  }

  for (const path of ['/admin/chunks/statistics-AAAAAAAA.js', '/admin/chunks/..%2Fapp.js', '/admin/chunks/', '/admin/chunks/x/y.js']) {
    const missing = await rawGet(server.url, path);
    assert.equal(missing.status, 404, path);
    assert.match(String(missing.headers['content-type']), /json/, path);
  }
});

test('the console\'s API stays an API: unknown /api/admin routes answer JSON, not the shell', async () => {
  const reply = await rawGet(server.url, '/api/admin/no-such-route');
  assert.match(String(reply.headers['content-type']), /json/);
});
