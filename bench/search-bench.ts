/**
 * `npm run bench`: search latency (p50/p99), index build time and memory for 2k, 20k and
 * 100k QAs. Not a test: it prints figures. BENCH_SIZES (e.g. 2000,20000) and BENCH_QUERIES
 * (a question,expected CSV; default eval/dev.csv) change what it measures.
 *
 * Two build times are printed for each size:
 * - cold: every text analysed by kuromoji (a first import);
 * - rebuild: analyses cached, as after an edit or a restart (the server keeps analyses in its
 *   store), so the build is lexicon + postings.
 */
import { readFileSync } from 'node:fs';
import { SearchIndex } from '@madoguchi/engine';
import { loadLexicon, loadTokenizer } from '@madoguchi/lexicon';
import { SAMPLE_CITY_FACTS_PATH, STARTER_QA_FILES } from '@madoguchi/starter-pack';
import { parseEvaluationCsv } from '../packages/server/src/evaluation/cases-file.ts';
import { parseQaFile } from '../packages/server/src/qa/io/index.ts';
import type { CityFacts } from '../packages/server/src/qa/placeholders.ts';
import { CachingAnalyzer } from '../packages/server/src/search/analysis-cache.ts';
import { toSearchDocument } from '../packages/server/src/search/documents.ts';
import { synthesise } from './synthetic-qas.ts';

const SIZES = (process.env.BENCH_SIZES ?? '2000,20000,100000').split(',').map(Number);
const QUERY_ROUNDS = 3;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const facts = JSON.parse(readFileSync(SAMPLE_CITY_FACTS_PATH, 'utf8')) as CityFacts;
const starter = (await Promise.all(STARTER_QA_FILES.map((f) => parseQaFile(readFileSync(f), 'jsonl')))).flat();
const base = starter.map((qa) => toSearchDocument(qa, facts));
const queriesFile = process.env.BENCH_QUERIES ?? new URL('../eval/dev.csv', import.meta.url);
const queries = parseEvaluationCsv(readFileSync(queriesFile, 'utf8')).map((c) => c.question);
const tokenizer = await loadTokenizer();

console.log(`node ${process.version}, ${queries.length} queries × ${QUERY_ROUNDS} rounds per size, one core`);
console.log('QAs\tbuild cold\trebuild\tindex memory\tsearch p50\tsearch p99\tterms');
for (const size of SIZES) {
  const docs = synthesise(base, size);
  const analyzer = new CachingAnalyzer(tokenizer);
  const lexicon = await loadLexicon(analyzer);
  let started = performance.now();
  SearchIndex.build(docs, { analyzer, lexicon });
  const coldMs = performance.now() - started;
  globalThis.gc?.(); // the cold build's garbage is not the rebuild's cost
  started = performance.now();
  let index: SearchIndex | undefined = SearchIndex.build(docs, { analyzer, lexicon });
  const rebuildMs = performance.now() - started;
  globalThis.gc?.();
  for (const q of queries.slice(0, 50)) index.search(q); // warm-up
  const times: number[] = [];
  for (let round = 0; round < QUERY_ROUNDS; round++) {
    for (const q of queries) {
      const t = performance.now();
      index.search(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const terms = index.termCount;
  // The index's own memory: what is freed when it is dropped (the analyses stay cached).
  const memory = (): number => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  };
  const withIndex = memory();
  // eslint-disable-next-line no-useless-assignment -- dropping the only reference lets gc free the index
  index = undefined;
  const indexBytes = withIndex - memory();
  console.log(
    `${size}\t${seconds(coldMs)}\t${seconds(rebuildMs)}\t${mb(indexBytes)}\t${percentile(times, 50).toFixed(3)} ms\t${percentile(times, 99).toFixed(3)} ms\t${terms}`,
  );
}
console.log(`process RSS at end: ${mb(process.memoryUsage().rss)}`);
