/**
 * `npm run bench:load`: the chat API under load beside the same server's bare /healthz (throughput, p50, p99),
 * then /healthz with one connection while the chat API is loaded, to show whether answering citizens holds
 * up the server's other requests. Not a test: it prints figures. BENCH_SECONDS (default 10) and
 * BENCH_CONNECTIONS (default 16) change the load.
 *
 * Soak mode, BENCH_SOAK_SECONDS=600: afterwards the chat load runs that long while the server process's
 * resident memory (VmRSS in /proc/<pid>/status, Linux) is read every BENCH_SOAK_SAMPLE_SECONDS (default 5),
 * and the growth is printed: a leak shows as memory that keeps rising after the first minutes.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { ServeProcess } from '../packages/server/src/cli/serve-process.ts';
import { CONNECTIONS, SECONDS, chatLoad, load, printChatBesideHealth, printRow, withBenchServer } from './chat-load.ts';

const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
const SAMPLE_SECONDS = Number(process.env.BENCH_SOAK_SAMPLE_SECONDS ?? 5);

const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;

/** Resident memory of a process in kB, from Linux's /proc. */
function residentKb(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(line[1]);
}

await withBenchServer(async (server) => {
  const pid = server.child.pid!;
  console.log(`${CONNECTIONS} connections, ${SECONDS} s each, eval/dev.csv's questions in turn, node ${process.version}, server RSS ${mb(residentKb(pid))}`);
  await printChatBesideHealth(server);
  const [chat, health] = await Promise.all([load(await chatLoad(server.url)), load({ url: `${server.url}/healthz`, connections: 1 })]);
  printRow('POST /api/v1/chat, and meanwhile', chat);
  printRow('  GET /healthz (1 conn.)', health);
  console.log(`server RSS after the load: ${mb(residentKb(pid))}`);
  if (SOAK_SECONDS > 0) await soak(server, pid);
});

async function soak(server: ServeProcess, pid: number): Promise<void> {
  console.log(`\nsoak: the chat load for ${SOAK_SECONDS} s with ${CONNECTIONS} connections, the server's RSS every ${SAMPLE_SECONDS} s`);
  console.log('seconds\tRSS\t\trequests');
  const started = Date.now();
  const samples: number[] = [];
  let requests = 0;
  const sample = (): void => {
    samples.push(residentKb(pid));
    console.log(`${Math.round((Date.now() - started) / 1000)}\t${mb(samples.at(-1)!)}\t${requests}`);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_SECONDS * 1000);
  const options = { ...(await chatLoad(server.url)), connections: CONNECTIONS, duration: SOAK_SECONDS };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    instance.on('response', () => requests++);
  });
  clearInterval(timer);
  sample();
  printRow('POST /api/v1/chat (soak)', result);
  // The first fifth is warm-up (caches, JIT, the log's batches); growth after it is what would matter over days.
  const warm = samples[Math.floor(samples.length / 5)]!;
  const last = samples.at(-1)!;
  console.log(
    `RSS: start ${mb(samples[0]!)}, after warm-up ${mb(warm)}, end ${mb(last)}, peak ${mb(Math.max(...samples))}; ` +
      `growth ${mb(last - samples[0]!)} in all, ${mb(last - warm)} after warm-up`,
  );
}
