/**
 * Security headers, framing, HSTS and the console's address allow-list on the real `madoguchi serve`, set
 * from its flags and environment variables as an operator sets them; and the defaults on a plain test server.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServeProcess, type ServeProcess } from '../cli/serve-process.ts';
import { runMadoguchi } from '../cli/test-support.ts';
import { rawGet } from '../http/test-support.ts';
import { startTestServer, type TestServer } from '../http/test-server.ts';

const CITY = 'https://www.city.example.lg.jp';

describe('defaults (no hardening flags)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('every response carries nosniff, no referrer, no framing and a policy that allows nothing; no HSTS', async () => {
    for (const route of ['/api/v1/menu', '/healthz', '/widget.js', '/api/openapi.json', '/no-such-page']) {
      const { headers } = await rawGet(server.url, route);
      assert.equal(headers['x-content-type-options'], 'nosniff', route);
      assert.equal(headers['referrer-policy'], 'no-referrer', route);
      assert.equal(headers['x-frame-options'], 'DENY', route);
      assert.equal(headers['strict-transport-security'], undefined, `${route}: no HSTS over plain HTTP`);
    }
    const api = await rawGet(server.url, '/api/v1/menu');
    assert.match(String(api.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/);
    // Loaded by city pages on other origins.
    assert.equal((await rawGet(server.url, '/widget.js')).headers['cross-origin-resource-policy'], 'cross-origin');
  });

  test('the pages keep their own strict policies; /chat and /demo may be framed by no one', async () => {
    for (const route of ['/chat', '/demo']) {
      const csp = String((await rawGet(server.url, route)).headers['content-security-policy']);
      assert.match(csp, /script-src 'self'/, route);
      assert.match(csp, /frame-ancestors 'none'/, route);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, route);
      assert.match(csp, /img-src 'self' https: data:/, `${route}: answers may show any https image`);
    }
    const admin = await rawGet(server.url, '/admin');
    assert.match(String(admin.headers['content-security-policy']), /script-src 'self'.*frame-ancestors 'none'/);
    assert.equal(admin.headers['referrer-policy'], 'same-origin', 'the console keeps its own');
  });
});

describe('madoguchi serve --frame-origins --https --admin-allow --trust-proxy --answer-image-hosts', () => {
  let dataDir: string;
  let server: ServeProcess;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-hardening-'));
    server = await startServeProcess(
      ['--data-dir', dataDir],
      ['--https', '--admin-allow', '192.0.2.0/24, 2001:db8::/32', '--trust-proxy', '127.0.0.1', '--no-file-sizes'],
      { ...process.env, MADOGUCHI_FRAME_ORIGINS: `${CITY} https://city.example.jp`, MADOGUCHI_ANSWER_IMAGE_HOSTS: 'www.city.example.lg.jp, IMG.city.example.lg.jp' },
    );
  });
  after(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('/chat may be framed by the configured city origins only; HSTS is sent', async () => {
    const chat = await rawGet(server.url, '/chat');
    assert.match(String(chat.headers['content-security-policy']), new RegExp(`frame-ancestors ${CITY} https://city\\.example\\.jp`));
    assert.equal(chat.headers['x-frame-options'], undefined, 'X-Frame-Options would forbid the city\'s frame');
    const demo = await rawGet(server.url, '/demo');
    assert.match(String(demo.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(demo.headers['x-frame-options'], 'DENY');
    assert.match(String(chat.headers['strict-transport-security']), /max-age=31536000/);
  });

  test('the pages load answer images from the listed hosts only', async () => {
    for (const route of ['/chat', '/demo']) {
      const csp = String((await rawGet(server.url, route)).headers['content-security-policy']);
      assert.match(csp, /img-src 'self' www\.city\.example\.lg\.jp img\.city\.example\.lg\.jp data:;/, route);
    }
  });

  test('the console answers only addresses on the allow-list (as the trusted proxy reports them); citizens are not affected', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const office = await rawGet(server.url, '/api/admin/session', from('192.0.2.10'));
    assert.equal(office.status, 401, 'allowed through to sign-in');
    const officeV6 = await rawGet(server.url, '/admin', from('2001:db8::5'));
    assert.equal(officeV6.status, 200);
    for (const [route, headers] of [['/api/admin/session', from('198.51.100.7')], ['/admin/qas', from('198.51.100.7')], ['/api/admin/qas', {}]] as const) {
      const refused = await rawGet(server.url, route, headers);
      assert.equal(refused.status, 403, route);
      const body = JSON.parse(refused.body.toString('utf8')) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'ADDRESS_NOT_ALLOWED');
      assert.match(body.error.message, /許可されたネットワーク/);
    }
    assert.equal((await rawGet(server.url, '/api/v1/menu', from('198.51.100.7'))).status, 200);
    assert.equal((await rawGet(server.url, '/chat', from('198.51.100.7'))).status, 200);
  });
});

test('serve refuses settings that are not origins or addresses, saying which', async () => {
  const origins = await runMadoguchi(['serve', '--frame-origins', 'https://city.example.jp/page']);
  assert.equal(origins.code, 1);
  assert.match(origins.stderr, /--frame-origins の「https:\/\/city\.example\.jp\/page」/);
  const allow = await runMadoguchi(['serve', '--admin-allow', '10.0.0.0/']);
  assert.equal(allow.code, 1);
  assert.match(allow.stderr, /--admin-allow の「10\.0\.0\.0\/」/);
  for (const [option, entry] of [['--outbound-allow', 'https://intranet.example.jp/'], ['--city-hosts', 'www.city.example.lg.jp/faq'], ['--answer-image-hosts', 'img.example.jp:8443']] as const) {
    const bad = await runMadoguchi(['serve', option, entry]);
    assert.equal(bad.code, 1, option);
    assert.ok(bad.stderr.includes(`${option} の「${entry}」`), bad.stderr);
  }
  const token = await runMadoguchi(['serve', '--port', '1'], '', { ...process.env, MADOGUCHI_METRICS_TOKEN: 'short' });
  assert.equal(token.code, 1);
  assert.match(token.stderr, /MADOGUCHI_METRICS_TOKEN は 16 文字以上/);
});
