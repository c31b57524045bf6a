/**
 * PDF sizes from a real HTTP server standing in for the city's web server.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../http/test-server.ts';
import { qaContent } from '../qa/test-fixtures.ts';
import { LOOPBACK_OUTBOUND, loopbackGuard } from '../security/loopback-outbound.ts';
import { OutboundGuard } from '../security/outbound-guard.ts';
import { formatFileSize, LinkedFileSizes } from './linked-file-sizes.ts';
import type { ChatReply } from './schema.ts';

let city: Server;
let cityUrl: string;
const heads: string[] = [];
/** As a city whose web server is on 127.0.0.1 sets it: --outbound-allow 127.0.0.1. */
const guard = loopbackGuard();

before(async () => {
  city = createServer((request, response) => {
    if (request.method === 'HEAD') heads.push(request.url ?? '');
    if (request.url === '/form.pdf') response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '1234567' }).end();
    else if (request.url === '/slow.pdf') setTimeout(() => response.writeHead(200, { 'content-length': '10' }).end(), 2000);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => city.listen(0, '127.0.0.1', resolve));
  cityUrl = `http://127.0.0.1:${(city.address() as AddressInfo).port}`;
});
after(async () => {
  await guard.close();
  city.closeAllConnections();
  await new Promise<void>((resolve) => city.close(() => resolve()));
});

describe('LinkedFileSizes', () => {
  test('asks once in the background, then knows the size; a missing file has none', async () => {
    const sizes = new LinkedFileSizes({ guard });
    assert.equal(sizes.lookup(`${cityUrl}/form.pdf`), 'pending');
    assert.equal(sizes.lookup(`${cityUrl}/form.pdf`), 'pending');
    assert.equal(sizes.lookup(`${cityUrl}/gone.pdf`), 'pending');
    await sizes.settled();
    assert.equal(sizes.lookup(`${cityUrl}/form.pdf`), 1234567);
    assert.equal(sizes.lookup(`${cityUrl}/gone.pdf`), 'unknown');
    assert.equal(heads.filter((h) => h === '/form.pdf').length, 1);
  });

  test('gives up after its timeout, and asks again once the answer is old', async () => {
    let now = 0;
    const sizes = new LinkedFileSizes({ guard, timeoutMs: 200, maxAgeMs: 1000, now: () => now });
    sizes.lookup(`${cityUrl}/slow.pdf`);
    await sizes.settled();
    assert.equal(sizes.lookup(`${cityUrl}/slow.pdf`), 'unknown');
    const before = heads.length;
    now = 5000;
    assert.equal(sizes.lookup(`${cityUrl}/slow.pdf`), 'unknown', 'the old answer is used while asking again');
    await sizes.settled();
    assert.equal(heads.length, before + 1);
  });

  test('asks through the outbound guard: an internal address is never asked, in any spelling', async () => {
    const sizes = new LinkedFileSizes({ guard: new OutboundGuard() });
    const port = new URL(cityUrl).port;
    const internal = [`${cityUrl}/form.pdf`, `http://2130706433:${port}/form.pdf`, `http://[::ffff:127.0.0.1]:${port}/form.pdf`, 'http://169.254.169.254/a.pdf'];
    const before = heads.length;
    for (const url of internal) sizes.lookup(url);
    await sizes.settled();
    for (const url of internal) assert.equal(sizes.lookup(url), 'unknown', url);
    assert.equal(heads.length, before);
  });

  test('formats sizes as citizens read them', () => {
    assert.deepEqual([formatFileSize(512), formatFileSize(300 * 1024), formatFileSize(1234567)], ['512 B', '300 KB', '1.2 MB']);
  });
});

test('an answer\'s PDF link carries its size once the city\'s server has told it', async () => {
  const server = await startTestServer({
    outbound: LOOPBACK_OUTBOUND,
    qas: [qaContent('9100', { category1: 'テスト', question: '申請書の様式が欲しい', answer: `[申請書](${cityUrl}/form.pdf)をお使いください。` })],
  });
  try {
    const ask = async (): Promise<string> => {
      const response = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qaId: '9100' }) });
      return ((await response.json()) as ChatReply).answer?.html ?? '';
    };
    assert.doesNotMatch(await ask(), /data-size/);
    // The size is asked for in the background: polled for, with room for a busy machine.
    const deadline = Date.now() + 10_000;
    while (!/data-size/.test(await ask()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(await ask(), /<a href="http:\/\/127\.0\.0\.1:\d+\/form\.pdf" target="_blank" rel="noopener noreferrer" data-file="pdf" data-size="1\.2 MB">申請書<\/a>/);
  } finally {
    await server.close();
  }
});
