/**
 * `npm run bench`: search latency (p50/p99), index build time and memory for 2k, 20k and
 * 100k QAs. Not a test: it prints figures. BENCH_SIZES (e.g. 2000,20000) and BENCH_QUERIES
 * (a question,expected CSV; default eval/dev.csv) change what it measures.
 *
 * QA sets larger than the starter pack are made from it: each synthetic QA takes a starter
 * QA and mixes in sentences and words of others, so that every text is different (no
 * analysis is reused between QAs) while the vocabulary stays municipal Japanese.
 */
import { readFileSync } from 'node:fs';
import { SearchIndex, tokenizerAnalyzer, type SearchDocument } from '@madoguchi/engine';
import { loadLexicon, loadTokenizer } from '@madoguchi/lexicon';
import { SAMPLE_CITY_FACTS_PATH, STARTER_QA_FILES } from '@madoguchi/starter-pack';
import { parseQaFile } from '../packages/server/src/qa/io/index.ts';
import type { CityFacts } from '../packages/server/src/qa/placeholders.ts';
import { toSearchDocument } from '../packages/server/src/search/documents.ts';
import { parseEvaluationCsv } from '../packages/server/src/evaluation/cases-file.ts';

const SIZES = (process.env.BENCH_SIZES ?? '2000,20000,100000').split(',').map(Number);
const QUERY_ROUNDS = 3;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthesise(base: SearchDocument[], count: number): SearchDocument[] {
  const rand = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const sentences = base.flatMap((d) => d.answer.split(/(?<=。)/).filter((s) => s.length > 4));
  const nouns = [...new Set(base.flatMap((d) => d.keywords))];
  const docs: SearchDocument[] = [];
  for (let i = 0; i < count; i++) {
    const seed = base[i % base.length]!;
    if (i < base.length) {
      docs.push(seed);
      continue;
    }
    const topic = `${pick(nouns)}と${pick(nouns)}`;
    docs.push({
      id: `S${i}`,
      question: `${topic}の${seed.question}`,
      alternates: seed.alternates.slice(0, 3).map((a) => `${pick(nouns)}について${a}`),
      keywords: [pick(nouns), pick(nouns), ...seed.keywords.slice(0, 2)],
      categories: seed.categories,
      answer: [pick(sentences), seed.answer, pick(sentences), `${topic}も対象です。`].join(''),
    });
  }
  return docs;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const facts = JSON.parse(readFileSync(SAMPLE_CITY_FACTS_PATH, 'utf8')) as CityFacts;
const starter = (await Promise.all(STARTER_QA_FILES.map((f) => parseQaFile(readFileSync(f), 'jsonl')))).flat();
const base = starter.map((qa) => toSearchDocument(qa, facts));
const queriesFile = process.env.BENCH_QUERIES ?? new URL('../eval/dev.csv', import.meta.url);
const queries = parseEvaluationCsv(readFileSync(queriesFile, 'utf8')).map((c) => c.question);
const tokenizer = await loadTokenizer();
const lexiconFor = await loadLexicon(tokenizerAnalyzer(tokenizer));

console.log(`node ${process.version}, ${queries.length} queries × ${QUERY_ROUNDS} rounds per size`);
console.log('QAs\tbuild (cold)\theap after build\tsearch p50\tsearch p99\tterms');
for (const size of SIZES) {
  const docs = synthesise(base, size);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  // A fresh analyzer each time: the build pays for every morphological analysis (no cache).
  const index = SearchIndex.build(docs, { analyzer: tokenizerAnalyzer(tokenizer), lexicon: lexiconFor });
  const buildMs = performance.now() - started;
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed - heapBefore;
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
  console.log(`${size}\t${(buildMs / 1000).toFixed(2)} s\t${mb(heap)}\t${percentile(times, 50).toFixed(3)} ms\t${percentile(times, 99).toFixed(3)} ms\t${index.termCount}`);
}
console.log(`process RSS at end: ${mb(process.memoryUsage().rss)}`);
