/**
 * `npm run bench:hostile`: what hostile questions cost a default server (issue 15), one request at a time, each
 * against a normal question's cost; then /healthz while eight of the costliest are in flight. Not a test: it
 * prints figures. BENCH_HOSTILE_ROUNDS (default 30) sets how many times each is asked.
 */
import { withBenchServer } from './chat-load.ts';

const ROUNDS = Number(process.env.BENCH_HOSTILE_ROUNDS ?? 30);

/** Park–Miller, so the random kanji are the same in every run. */
let seed = 7;
const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
const randomText = (from: number, span: number, length: number): string =>
  Array.from({ length }, () => String.fromCharCode(from + Math.floor(random() * span))).join('');

const QUESTIONS: [label: string, body: string][] = [
  ['normal question', JSON.stringify({ message: '引っ越してきたんですけど何か手続きいりますか' })],
  ['「税」×500', JSON.stringify({ message: '税'.repeat(500) })],
  ['random kanji ×500', JSON.stringify({ message: randomText(0x4e00, 20000, 500) })],
  ['random hiragana ×500', JSON.stringify({ message: randomText(0x3041, 83, 500) })],
  ['random katakana ×500', JSON.stringify({ message: randomText(0x30a1, 86, 500) })],
  ['digits ×500', JSON.stringify({ message: '1234567890'.repeat(50) })],
  ['long polite ×500', JSON.stringify({ message: '住民票の写しを取りたいのですが、どうすればよいでしょうか。'.repeat(18).slice(0, 500) })],
  ['lone surrogate (400)', '{"message":"\\ud800住民票"}'],
];

/** Milliseconds from sending a question to the whole reply. */
async function post(url: string, body: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.arrayBuffer();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await withBenchServer(async (server) => {
  const medians = new Map<string, number>();
  for (const [label, body] of QUESTIONS) {
    for (let i = 0; i < 3; i++) await post(server.url, body);
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) times.push(await post(server.url, body));
    medians.set(label, median(times));
  }
  const normal = medians.get('normal question')!;
  console.log(`${ROUNDS} requests each, one at a time, node ${process.version}`);
  for (const [label] of QUESTIONS) {
    const ms = medians.get(label)!;
    console.log(`  ${label.padEnd(24)} median ${ms.toFixed(2).padStart(7)} ms   ${(ms / normal).toFixed(2)}× a normal question`);
  }

  const healthAlone: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await (await fetch(`${server.url}/healthz`)).arrayBuffer();
    healthAlone.push(performance.now() - started);
  }
  const costliest = QUESTIONS.slice(1, -1).sort((a, b) => medians.get(b[0])! - medians.get(a[0])!)[0]!;
  const healthBusy: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const inFlight = Array.from({ length: 8 }, () => post(server.url, costliest[1]));
    const started = performance.now();
    await (await fetch(`${server.url}/healthz`)).arrayBuffer();
    healthBusy.push(performance.now() - started);
    await Promise.all(inFlight);
  }
  console.log(`  /healthz alone            median ${median(healthAlone).toFixed(2).padStart(7)} ms, max ${Math.max(...healthAlone).toFixed(2)} ms`);
  console.log(`  /healthz beside 8 × ${costliest[0]}: median ${median(healthBusy).toFixed(2)} ms, max ${Math.max(...healthBusy).toFixed(2)} ms`);
});
