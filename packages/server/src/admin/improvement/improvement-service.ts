/**
 * The rules of the improvement loop: which failed questions are grouped and against which index, and how a
 * group's questions become alternates of a QA through the QA editor's own path (version check, write lock,
 * validation). Routes validate shapes, audit and present.
 */
import { ApiError } from '../../http/api-error.ts';
import { contentOf } from '../../qa/content.ts';
import type { Qa } from '../../qa/model.ts';
import { VersionConflictError } from '../../store/errors.ts';
import type { DayRange } from '../../store/store.ts';
import { addDays, japanDay } from '../../time/japan-time.ts';
import type { AdminContext } from '../context.ts';
import { settledIndex } from '../qas/index-refresh.ts';
import { checkedContent } from '../qas/qa-service.ts';
import { validationFailed } from '../qas/errors.ts';
import { withWriteLock } from '../qas/write-lock.ts';
import { parseDayRange } from '../statistics/read-statistics.ts';
import { groupFailedQuestions, questionMatch, wordWeights, type FailedQuestionGroup } from './grouping.ts';

/** The most frequent distinct failed questions grouped; a city's month has far fewer, and grouping stays well under a second. */
export const ANALYSED_QUESTIONS = 1_000;
/** The period shown without one asked for: the last 30 days in Japan, today included. */
export const DEFAULT_PERIOD_DAYS = 30;
/** Results read per question: the first links questions, the first two vote for the suggestion (see grouping.ts). */
const RESULTS_PER_QUESTION = 2;

/**
 * The days asked for, or the default period ending today (or ending `to`).
 *
 * @throws ApiError INVALID_REQUEST for an unreadable day, or from after to.
 * @example `periodOf({}, new Date('2026-11-30T03:00:00Z')) // { from: '2026-11-01', to: '2026-11-30' }`
 */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): DayRange {
  const to = query.to ?? japanDay(now);
  return parseDayRange(query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1)), to);
}

/**
 * The failed questions of a period, grouped against the working set as the next publication would answer.
 *
 * @example `await failedQuestionGroups(context, { from: '2026-11-01', to: '2026-11-30' })`
 */
export async function failedQuestionGroups(context: AdminContext, days: DayRange): Promise<{ groups: FailedQuestionGroup[]; analysed: number; truncated: boolean }> {
  const [failed] = await Promise.all([context.store.listFailedQuestions(context.siteId, days, ANALYSED_QUESTIONS + 1), settledIndex(context.working)]);
  const analysed = failed.slice(0, ANALYSED_QUESTIONS);
  const qaTexts = [...context.working.qas()].map((qa) => [qa.question, ...qa.alternates, ...qa.keywords].join('\n'));
  const weigh = wordWeights(qaTexts);
  const groups = groupFailedQuestions(analysed, (question) => questionMatch(context.working.search(question, { top: RESULTS_PER_QUESTION }), weigh), weigh);
  return { groups, analysed: analysed.length, truncated: failed.length > ANALYSED_QUESTIONS };
}

/** Width, case and spacing folded, so ﾏｲﾅ失くした (half-width) is already present as マイナ失くした. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The questions of a request once each: the exact texts, since the store knows failed questions by them.
 *
 * @throws ApiError VALIDATION_FAILED for a blank question.
 * @example `distinctQuestions(['マイナ失くした', 'マイナ失くした']) // ['マイナ失くした']`
 */
export function distinctQuestions(questions: readonly string[]): string[] {
  if (questions.some((q) => q.trim() === '')) throw validationFailed([{ field: 'questions', message: '空の質問があります。質問を選び直してください。' }]);
  return [...new Set(questions)];
}

/**
 * Questions as they would be added: trimmed, repeats and those the QA already has (width, case and
 * spacing aside) left out.
 *
 * @example `newAlternates(qa, [' マイナ失くした ', 'マイナ失くした']) // { added: ['マイナ失くした'], alreadyPresent: [] }`
 */
export function newAlternates(qa: Pick<Qa, 'question' | 'alternates'>, questions: readonly string[]): { added: string[]; alreadyPresent: string[] } {
  const present = new Set([qa.question, ...qa.alternates].map(fold));
  const added: string[] = [];
  const alreadyPresent: string[] = [];
  for (const question of new Set(questions.map((q) => q.trim()))) {
    if (present.has(fold(question))) alreadyPresent.push(question);
    else {
      added.push(question);
      present.add(fold(question));
    }
  }
  return { added, alreadyPresent };
}

/**
 * Adds questions as alternates of a working-set QA, as a save in the QA editor would: refused when the QA
 * changed since `expectedVersion` was read, checked with the import rules, one new version. Nothing is saved
 * when every question is already there.
 *
 * @throws ApiError QA_NOT_FOUND; VersionConflictError (→ 409 CONFLICT with the stored QA); ApiError VALIDATION_FAILED.
 * @example `await addAlternates(context, 'suzuki', { qaId: '1083', questions: ['マイナ失くした'], expectedVersion: 1 })`
 */
export function addAlternates(
  context: AdminContext,
  actor: string,
  request: { qaId: string; questions: readonly string[]; expectedVersion: number },
): Promise<{ qa: Qa; saved: boolean; added: string[]; alreadyPresent: string[] }> {
  const { store, siteId } = context;
  return withWriteLock(context, async () => {
    const qa = await store.getQa(siteId, request.qaId);
    if (!qa) throw new ApiError(404, 'QA_NOT_FOUND', `管理番号 ${request.qaId} の QA は見つかりません（削除された可能性があります）。`);
    if (qa.version !== request.expectedVersion) throw new VersionConflictError(qa, request.expectedVersion);
    const { added, alreadyPresent } = newAlternates(qa, request.questions);
    if (added.length === 0) return { qa, saved: false, added, alreadyPresent };
    const content = checkedContent({ ...contentOf(qa), alternates: [...qa.alternates, ...added] });
    const saved = await store.saveQa(siteId, content, { actor, expectedVersion: request.expectedVersion });
    return { qa: saved, saved: true, added, alreadyPresent };
  });
}
