/**
 * Publishing (R26): what the next publication changes for citizens, and the 一括テスト run against both
 * indexes so staff see which answers change, and which cases newly fail, before they publish.
 */
import { evaluate, firstRelevantRank, rankedIds, type EvaluationOutcome } from '../../evaluation/metrics.ts';
import type { SearchService } from '../../search/search-service.ts';
import { contentJson } from '../../store/content.ts';
import type { Store } from '../../store/store.ts';
import type { TestCase } from '../test-cases/test-cases.ts';
import type { PublishingCheckReply, PublishingReply } from './schema.ts';

/** Results per question the metrics look at (nDCG@10 and hit@5 need no more). */
const RANKED = 10;
/** 「もしかして」 candidates the citizen chat shows (chat/chat-service.ts). */
const CANDIDATES_SHOWN = 5;

/**
 * The working set's 公開 QAs against the published set.
 *
 * @example `(await pendingChanges(store, siteId)).added // [{ id: '2001', question: '…' }]`
 */
export async function pendingChanges(store: Store, siteId: string): Promise<PublishingReply['pending']> {
  const [working, published] = await Promise.all([store.listQas(siteId, { status: 'published' }), store.listPublishedQas(siteId)]);
  const live = new Map(published.map((qa) => [qa.id, qa]));
  const pending: PublishingReply['pending'] = { added: [], changed: [], removed: [] };
  for (const qa of working) {
    const before = live.get(qa.id);
    if (!before) pending.added.push({ id: qa.id, question: qa.question });
    else if (contentJson(before) !== contentJson(qa)) pending.changed.push({ id: qa.id, question: qa.question });
    live.delete(qa.id);
  }
  for (const qa of live.values()) pending.removed.push({ id: qa.id, question: qa.question });
  return pending;
}

type Outcome = PublishingCheckReply['cases'][number]['production'];

function run(search: SearchService, testCase: TestCase): { outcome: Outcome; evaluation: EvaluationOutcome } {
  const response = search.search(testCase.question, { top: RANKED });
  const ranked = rankedIds(response.results);
  const top = response.results[0];
  const rank = testCase.expected.length === 0 ? 0 : firstRelevantRank(ranked, testCase.expected);
  const pass = testCase.expected.length === 0 ? response.decision === 'none' : rank === 1 && response.decision !== 'none';
  const shown = response.decision === 'answer' ? ranked.slice(0, 1) : response.decision === 'candidates' ? ranked.slice(0, CANDIDATES_SHOWN) : [];
  return {
    outcome: { decision: response.decision, topId: top?.id ?? null, topQuestion: top?.question ?? null, shown, rank, pass },
    evaluation: { case: { question: testCase.question, expected: testCase.expected }, decision: response.decision, ranked },
  };
}

/**
 * Runs every case on what citizens see now (`published`) and on what they would see after publishing
 * (`working`). `pass` follows the evaluation's definition of a failure (see evaluation/metrics.ts).
 *
 * @example `const report = checkCases(cases, context.published, context.working);`
 */
export function checkCases(cases: readonly TestCase[], published: SearchService, working: SearchService): PublishingCheckReply {
  const production: EvaluationOutcome[] = [];
  const draft: EvaluationOutcome[] = [];
  const rows = cases.map((testCase) => {
    const before = run(published, testCase);
    const after = run(working, testCase);
    production.push(before.evaluation);
    draft.push(after.evaluation);
    const answerChanged = before.outcome.decision !== after.outcome.decision || before.outcome.shown.join('\n') !== after.outcome.shown.join('\n');
    const verdict = before.outcome.pass
      ? after.outcome.pass
        ? ('still-passing' as const)
        : ('newly-failing' as const)
      : after.outcome.pass
        ? ('newly-passing' as const)
        : ('still-failing' as const);
    return {
      question: testCase.question,
      expected: testCase.expected,
      ...(testCase.note === undefined ? {} : { note: testCase.note }),
      production: before.outcome,
      draft: after.outcome,
      answerChanged,
      verdict,
    };
  });
  return {
    cases: rows,
    summary: {
      total: rows.length,
      production: { hitAt1: evaluate(production).hitAt1, passed: rows.filter((r) => r.production.pass).length },
      draft: { hitAt1: evaluate(draft).hitAt1, passed: rows.filter((r) => r.draft.pass).length },
      answerChanged: rows.filter((r) => r.answerChanged).length,
      newlyFailing: rows.filter((r) => r.verdict === 'newly-failing').length,
      newlyPassing: rows.filter((r) => r.verdict === 'newly-passing').length,
    },
  };
}
