/**
 * Logs and metrics of the real `madoguchi serve`: every stdout line is JSON; one access line per request with
 * the route pattern, status and duration, and nothing personal (no query string, no file name, no address);
 * the request id in the line is the response's x-request-id. Metrics answer only the configured Bearer token,
 * and count what happened. Without a token there is no /metrics at all.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServeProcess, type ServeProcess } from '../cli/serve-process.ts';
import { startTestServer } from '../http/test-server.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';
let dataDir: string;
let server: ServeProcess;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-observability-'));
  server = await startServeProcess(['--data-dir', dataDir], ['--no-file-sizes'], { ...process.env, MADOGUCHI_METRICS_TOKEN: TOKEN });
});
after(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface AccessLine {
  reqId: string;
  msg: string;
  method: string;
  route: string | null;
  status: number;
  ms: number;
  client: string;
}

const chat = (message: string) => fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });

test('one JSON access line per request: route pattern, status, duration, request id; nothing personal', async () => {
  const personal = ['山田太郎', '090-1234-5678'];
  const menu = await fetch(`${server.url}/api/v1/menu?lang=ja&name=${encodeURIComponent(personal[0]!)}&tel=${personal[1]}`);
  const file = await fetch(`${server.url}/files/abcdef/${encodeURIComponent(`${personal[0]}の申請書.pdf`)}`);
  assert.equal(file.status, 404);
  const requestId = menu.headers.get('x-request-id');
  assert.match(requestId ?? '', /^[0-9a-f-]{36}$/);

  const [menuLine] = (await server.waitForLog((line) => line.includes(`"reqId":"${requestId}"`) && line.includes('"msg":"request"'))).map((line) => JSON.parse(line) as AccessLine);
  assert.deepEqual({ method: menuLine!.method, route: menuLine!.route, status: menuLine!.status }, { method: 'GET', route: '/api/v1/menu', status: 200 });
  assert.equal(typeof menuLine!.ms, 'number');
  assert.match(menuLine!.client, /^[A-Za-z0-9_-]{12}$/, 'the client as a keyed hash');
  const [fileLine] = (await server.waitForLog((line) => line.includes('"route":"/files/:id/:name"'))).map((line) => JSON.parse(line) as AccessLine);
  assert.equal(fileLine!.status, 404);

  for (const line of server.logLines.filter((l) => l !== '')) {
    assert.doesNotThrow(() => JSON.parse(line), `a JSON line: ${line}`);
    for (const text of [...personal, '"url"', 'remoteAddress']) assert.ok(!line.includes(text), `no ${text} in ${line}`);
    if (line.includes('"msg":"request"')) assert.ok(!line.includes('127.0.0.1'), `no client address in ${line}`);
  }
});

test('/metrics: only with the Bearer token; counts requests, errors, decisions, the index and the log queue', async () => {
  assert.equal((await chat('住民票の写しがほしい')).status, 200);
  assert.equal((await chat('zzzz qqqq')).status, 200);
  assert.equal((await fetch(`${server.url}/no-such-page`)).status, 404);

  for (const authorization of [undefined, 'Bearer wrong-token-0123456789', TOKEN]) {
    const refused = await fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });
    assert.equal(refused.status, 401, `refused: ${authorization}`);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'METRICS_TOKEN_INVALID');
  }
  const scraped = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(scraped.status, 200);
  assert.match(scraped.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await scraped.text();
  const value = (series: string): number => Number(new RegExp(`^${series.replace(/[{}()[\]|.+*?^$\\]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  assert.ok(value('madoguchi_http_requests_total{route="/api/v1/chat",method="POST",status="200"}') >= 2);
  assert.ok(value('madoguchi_http_request_duration_seconds_count{route="/api/v1/chat",method="POST"}') >= 2);
  assert.equal(value('madoguchi_http_errors_total{code="NOT_FOUND",status="404"}'), 1);
  assert.ok(value('madoguchi_http_errors_total{code="METRICS_TOKEN_INVALID",status="401"}') >= 3);
  const turns = (decision: string): number => value(`madoguchi_chat_turns_total{decision="${decision}",via="typed"}`) || 0;
  assert.equal(turns('answer') + turns('candidates') + turns('none'), 2);
  assert.equal(turns('none'), 1, 'the nonsense question');
  assert.ok(value('madoguchi_index_qas{index="published"}') > 400);
  assert.ok(value('madoguchi_index_qas{index="working"}') > 400);
  assert.ok(value('madoguchi_chat_log_queued_turns') >= 0);
  assert.equal(value('madoguchi_chat_log_dropped_turns_total'), 0);
  assert.ok(value('process_resident_memory_bytes') > 0, 'process metrics');
});

test('without MADOGUCHI_METRICS_TOKEN there is no /metrics', async () => {
  const plain = await startTestServer();
  try {
    const response = await fetch(`${plain.url}/metrics`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
  } finally {
    await plain.close();
  }
});
