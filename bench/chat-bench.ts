/**
 * `npm run bench` (second part): the widget's size as served, and the chat API's throughput and latency
 * under load beside the same server's bare /healthz, so the ratio shows how much of the server's limit the
 * chat work takes. Not a test: it prints figures. BENCH_SECONDS (default 10) and BENCH_CONNECTIONS
 * (default 16) change the load.
 *
 * The server runs as `madoguchi serve` in its own process on a fresh starter-pack data directory (with
 * sudachi's synonyms, as in production); autocannon loads it from this process. Both share this
 * machine's cores, so the figures are a floor for a dedicated server.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { buildWidget } from '@madoguchi/widget';
import { BIN, freePort } from '../packages/server/src/cli/test-support.ts';
import { parseEvaluationCsv } from '../packages/server/src/evaluation/cases-file.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const { js } = await buildWidget();
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`widget.js: ${kb(Buffer.byteLength(js))} raw, ${kb(gzipSync(js, { level: 9 }).length)} gzipped (limit 30 KB)`);


const dataDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-chat-bench-'));
const port = await freePort();
const server = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--port', String(port), '--chat-rate-limit', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const url = `http://127.0.0.1:${port}`;

try {
  await waitForHealth(url);
  const questions = parseEvaluationCsv(await readFile(new URL('../eval/dev.csv', import.meta.url), 'utf8')).map((c) => c.question);
  const bodies = questions.map((message) => JSON.stringify({ message, sessionId: 'bench-session-000000' }));
  let next = 0;

  console.log(`${CONNECTIONS} connections, ${SECONDS} s each, ${questions.length} different questions (eval/dev.csv) in turn, node ${process.version}`);
  console.log('route\t\t\trequests/s\tp50\tp99\terrors');
  const health = await load({ url: `${url}/healthz` });
  print('GET /healthz\t\t', health);
  const chatLoad: autocannon.Options = {
    url: `${url}/api/v1/chat`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
  };
  const chat = await load(chatLoad);
  print('POST /api/v1/chat\t', chat);
  // One citizen at a time: the latency of an answer without queueing behind others.
  print('POST /api/v1/chat (1 conn.)', await load({ ...chatLoad, connections: 1 }));
  console.log(`chat / healthz throughput: ${(chat.requests.average / health.requests.average).toFixed(3)}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
}

function print(label: string, result: autocannon.Result): void {
  const errors = result.errors + result.non2xx;
  console.log(`${label}${result.requests.average.toFixed(0)}\t\t${result.latency.p50} ms\t${result.latency.p99} ms\t${errors}`);
}

async function waitForHealth(base: string): Promise<void> {
  let stderr = '';
  server.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not start within 120 s');
}
