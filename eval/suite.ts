/**
 * `npm run eval`: every evaluation set against the QA data it was written for, through the same path as
 * `madoguchi import` and `madoguchi search` (a scratch SQLite store, the published index):
 *
 * - dev.csv, holdout.csv: the first sets, written against the starter pack;
 * - citizen.csv: citizens' questions written from their situation before the QA wording was read, graded,
 *   in a dev half (tuned on) and a holdout half (never tuned on), by kind (paraphrase, terse, situation,
 *   out of scope);
 * - othercity/: another city's FAQ (question and answer only) and questions written blind from its topics;
 * - variants/: the same questions retyped as on phones (make-variants.ts), with the share of nDCG@10 kept.
 *
 * The starter pack is measured as shipped and reduced to question + answer (most cities' data).
 * Prints figures; it is not a test.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEvaluationCsv, type TaggedEvaluationCase } from '../packages/server/src/evaluation/cases-file.ts';
import { evaluate, rankedIds, type EvaluationReport } from '../packages/server/src/evaluation/metrics.ts';
import { parseQaFile } from '../packages/server/src/qa/io/index.ts';
import { SearchService } from '../packages/server/src/search/search-service.ts';
import { seedIfEmpty } from '../packages/server/src/starter/seed.ts';
import { openSqliteStore } from '../packages/server/src/store/sqlite/index.ts';
import type { Store } from '../packages/server/src/store/store.ts';

const SITE = 'default';
const ACTOR = 'cli:eval';
const here = (file: string): string => path.join(import.meta.dirname, file);

interface Corpus {
  label: string;
  search: SearchService;
}

async function corpus(label: string, fill: (store: Store) => Promise<void>, scratch: string[]): Promise<Corpus> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-eval-'));
  scratch.push(dir);
  const store = openSqliteStore(dir);
  await fill(store);
  const search = await SearchService.open(store, SITE);
  await store.close();
  return { label, search };
}

function run(search: SearchService, cases: readonly TaggedEvaluationCase[]): EvaluationReport {
  return evaluate(cases.map((c) => {
    const response = search.search(c.question, { top: 10 });
    return { case: c, decision: response.decision, ranked: rankedIds(response.results) };
  }));
}

const f = (value: number): string => value.toFixed(4);
const header = `${'set'.padEnd(34)}${'QA data'.padEnd(22)}${'n (none)'.padStart(11)}${'hit@1'.padStart(8)}${'hit@5'.padStart(8)}${'nDCG@10'.padStart(9)}${'answered'.padStart(10)}${'wrong'.padStart(8)}${'noneP'.padStart(8)}${'noneR'.padStart(8)}`;
function row(set: string, data: string, r: EvaluationReport): string {
  const wrong = r.answered > 0 ? `${((r.answeredWrong / r.answered) * 100).toFixed(1)}%` : '-';
  return `${set.padEnd(34)}${data.padEnd(22)}${`${r.answerable} (${r.unanswerable})`.padStart(11)}${f(r.hitAt1).padStart(8)}${f(r.hitAt5).padStart(8)}${f(r.ndcgAt10).padStart(9)}${String(r.answered).padStart(10)}${wrong.padStart(8)}${f(r.nonePrecision).padStart(8)}${f(r.noneRecall).padStart(8)}`;
}

const scratch: string[] = [];
try {
  const pack = await corpus('starter pack', (store) => seedIfEmpty(store, SITE).then(() => undefined), scratch);
  const bare = await corpus('question + answer', async (store) => {
    await seedIfEmpty(store, SITE);
    const qas = (await store.listQas(SITE)).map((qa) => ({ ...qa, alternates: [], keywords: [] }));
    await store.importQas(SITE, qas, { actor: ACTOR, mode: 'replace' });
    await store.publish(SITE, ACTOR);
  }, scratch);
  const otherCity = await corpus('other city (Q + A)', async (store) => {
    await store.importQas(SITE, await parseQaFile(await readFile(here('othercity/faq.csv')), 'csv'), { actor: ACTOR, mode: 'replace' });
    await store.publish(SITE, ACTOR);
  }, scratch);

  const cases = async (file: string): Promise<TaggedEvaluationCase[]> => parseEvaluationCsv(await readFile(here(file), 'utf8'));
  const part = (all: readonly TaggedEvaluationCase[], name: string, value: string): TaggedEvaluationCase[] => all.filter((c) => c.tags?.[name] === value);
  const kinds = (all: readonly TaggedEvaluationCase[]): string[] => [...new Set(all.map((c) => c.tags?.kind ?? ''))].filter((k) => k !== '');

  console.log(header);
  for (const file of ['dev.csv', 'holdout.csv']) {
    const all = await cases(file);
    for (const target of [pack, bare]) console.log(row(file, target.label, run(target.search, all)));
  }
  const kept: string[] = [];
  const realistic: [string, Corpus[], string][] = [['citizen.csv', [pack, bare], 'variants/citizen.csv'], ['othercity/questions.csv', [otherCity], 'variants/othercity.csv']];
  for (const [file, targets, variantsFile] of realistic) {
    const all = await cases(file);
    const variants = await cases(variantsFile);
    for (const half of ['dev', 'holdout']) {
      for (const target of targets) {
        const original = run(target.search, part(all, 'part', half));
        const retyped = run(target.search, part(variants, 'part', half));
        console.log(row(`${file} ${half}`, target.label, original));
        for (const kind of kinds(all)) console.log(row(`  ${kind}`, target.label, run(target.search, part(part(all, 'part', half), 'kind', kind))));
        console.log(row(`${variantsFile} ${half}`, target.label, retyped));
        kept.push(`${variantsFile} ${half}, ${target.label}: nDCG@10 ${f(retyped.ndcgAt10)} of ${f(original.ndcgAt10)} = ${((retyped.ndcgAt10 / original.ndcgAt10) * 100).toFixed(1)} % kept`);
      }
    }
  }
  console.log('\nRetyped questions (kanji words in hiragana, whole questions in hiragana, half-width katakana, full-width ASCII, romaji):');
  for (const line of kept) console.log(`  ${line}`);
  console.log('\nwrong = confident answers that were wrong (wrong QA, or a question expecting none), as a share of confident answers.');
  console.log('nDCG@10 counts 2 for a QA that answers the question and 1 for a related one (citizen.csv, othercity).');
} finally {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
}
