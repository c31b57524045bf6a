/**
 * The script and pages browsers load, over a real port.
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

test('/widget.js is served gzipped, cacheable and revalidated by ETag', async () => {
  const first = await rawGet(server.url, '/widget.js', { 'accept-encoding': 'gzip, br' });
  assert.equal(first.status, 200);
  assert.equal(first.headers['content-encoding'], 'gzip');
  assert.match(String(first.headers['content-type']), /^text\/javascript/);
  assert.equal(first.headers['cross-origin-resource-policy'], 'cross-origin');
  assert.ok(first.body.length <= 30 * 1024, `gzipped widget is ${first.body.length} bytes`);
  const plain = await rawGet(server.url, '/widget.js');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(gunzipSync(first.body), plain.body);
  assert.notEqual(first.headers.etag, plain.headers.etag);
  const again = await rawGet(server.url, '/widget.js', { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
  assert.equal(again.status, 304);
});

test('/chat is a full page that loads only our script, under a strict CSP, and speaks without script', async () => {
  const page = await rawGet(server.url, '/chat');
  assert.equal(page.status, 200);
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const html = page.body.toString('utf8');
  assert.match(html, /<html lang="ja">/);
  assert.match(html, /<title>まどぐち市 AIチャットボット「まどか」<\/title>/);
  assert.match(html, /<script src="\/widget\.js" data-mode="page" defer><\/script>/);
  assert.match(html, /<noscript>.*JavaScript を有効にしてください.*000-000-0000（代表）/s);
});

test('/demo embeds the widget the way a city page does, and the default avatar is served', async () => {
  const demo = (await rawGet(server.url, '/demo')).body.toString('utf8');
  assert.match(demo, /<script src="\/widget\.js" defer><\/script>/);
  const avatar = await rawGet(server.url, '/assets/avatar.svg');
  assert.equal(avatar.status, 200);
  assert.equal(avatar.headers['content-type'], 'image/svg+xml');
  assert.match(avatar.body.toString('utf8'), /^<svg /);
});
