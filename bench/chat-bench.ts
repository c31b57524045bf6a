/**
 * `npm run bench` (second part): the widget's size as served, and the chat API's throughput and latency
 * under load beside the same server's bare /healthz, so the ratio shows how much of the server's limit the
 * chat work takes. Not a test: it prints figures. BENCH_SECONDS (default 10) and BENCH_CONNECTIONS
 * (default 16) change the load. The server and the load are chat-load.ts's.
 */
import { gzipSync } from 'node:zlib';
import { buildWidget } from '@madoguchi/widget';
import { CONNECTIONS, SECONDS, printChatBesideHealth, withBenchServer } from './chat-load.ts';

const { js } = await buildWidget();
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`widget.js: ${kb(Buffer.byteLength(js))} raw, ${kb(gzipSync(js, { level: 9 }).length)} gzipped (limit 30 KB)`);

await withBenchServer(async (server) => {
  console.log(`${CONNECTIONS} connections, ${SECONDS} s each, eval/dev.csv's questions in turn, node ${process.version}`);
  await printChatBesideHealth(server);
});
