/**
 * The pieces `npm run bench` (chat-bench.ts) and `npm run bench:load` (load-bench.ts) share: a real
 * `madoguchi serve` on a fresh starter-pack data directory (with sudachi's synonyms, as in production, and
 * no chat rate limit), the chat API's load made of eval/dev.csv's questions in turn, and a table of figures.
 * The server and autocannon share this machine's cores, so the figures are a floor for a dedicated server.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startServeProcess, type ServeProcess } from '../packages/server/src/cli/serve-process.ts';
import { parseEvaluationCsv } from '../packages/server/src/evaluation/cases-file.ts';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

/** Runs `measure` against a served starter pack, then stops the server and removes its data. */
export async function withBenchServer(measure: (server: ServeProcess) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-bench-'));
  try {
    const server = await startServeProcess(['--data-dir', dataDir], ['--chat-rate-limit', '0']);
    try {
      await measure(server);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** POST /api/v1/chat, each request the next of eval/dev.csv's questions. */
export async function chatLoad(url: string): Promise<autocannon.Options> {
  const questions = parseEvaluationCsv(await readFile(new URL('../eval/dev.csv', import.meta.url), 'utf8')).map((c) => c.question);
  const bodies = questions.map((message) => JSON.stringify({ message, sessionId: 'bench-session-000000' }));
  let next = 0;
  return {
    url: `${url}/api/v1/chat`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
  };
}

/** autocannon with BENCH_CONNECTIONS for BENCH_SECONDS unless the options say otherwise. */
export function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
}

const TABLE_HEADER = `${'route'.padEnd(36)}requests/s\tp50\tp99\terrors`;

export function printRow(label: string, result: autocannon.Result): void {
  const errors = result.errors + result.non2xx;
  console.log(`${label.padEnd(36)}${result.requests.average.toFixed(0)}\t\t${result.latency.p50} ms\t${result.latency.p99} ms\t${errors}`);
}

/** The chat API under BENCH_CONNECTIONS connections and with one, beside the same server's bare /healthz. */
export async function printChatBesideHealth(server: ServeProcess): Promise<void> {
  const chat = await chatLoad(server.url);
  console.log(TABLE_HEADER);
  const health = await load({ url: `${server.url}/healthz` });
  printRow('GET /healthz', health);
  const loaded = await load(chat);
  printRow('POST /api/v1/chat', loaded);
  // One citizen at a time: the latency of an answer without queueing behind others.
  printRow('POST /api/v1/chat (1 conn.)', await load({ ...chat, connections: 1 }));
  console.log(`chat / healthz throughput: ${(loaded.requests.average / health.requests.average).toFixed(3)}`);
}
