/**
 * The 改善 screen's pure parts: why a question counts as failed, in words; the period in the address
 * (default: the last 30 days); which of a group's questions are chosen.
 */
import type { FailedQuestionView } from '@madoguchi/server/admin-api';
import type { PeriodChoice } from '../components/period-fields.tsx';
import { isDay, presetRange, PRESETS, type PresetId } from './periods.ts';

/** The ways a question fails, as the screen names them (store: FailedQuestion). */
export const REASON_LABELS: Readonly<Record<'none' | 'candidates' | 'rephrased' | 'notResolved', string>> = {
  none: '答えられなかった',
  candidates: '候補から選ばれなかった',
  rephrased: '回答の直後に言い直された',
  notResolved: '「解決しなかった」と評価された',
};

const REASONS = Object.keys(REASON_LABELS) as (keyof typeof REASON_LABELS)[];

/**
 * Why a question is listed, most common reason first.
 *
 * @example reasonsText({ none: 3, candidates: 1, rephrased: 0, notResolved: 0, … }) // '答えられなかった 3回、候補から選ばれなかった 1回'
 */
export function reasonsText(question: Pick<FailedQuestionView, 'none' | 'candidates' | 'rephrased' | 'notResolved'>): string {
  return REASONS.filter((reason) => question[reason] > 0)
    .sort((a, b) => question[b] - question[a])
    .map((reason) => `${REASON_LABELS[reason]} ${question[reason].toLocaleString('ja-JP')}回`)
    .join('、');
}

/**
 * The period in the address (`?period=last7`, or `?from=…&to=…`); without one, or with one that cannot be
 * read, the last 30 days.
 *
 * @example improvementPeriodFromQuery(new URLSearchParams(''), '2026-11-30') // { preset: 'last30', range: { from: '2026-11-01', to: '2026-11-30' } }
 */
export function improvementPeriodFromQuery(query: URLSearchParams, today: string): PeriodChoice {
  const named = PRESETS.find((preset): preset is Exclude<PresetId, 'custom'> => preset !== 'custom' && preset === query.get('period'));
  if (named) return { preset: named, range: presetRange(named, today) };
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  if (isDay(from) && isDay(to) && from <= to) return { preset: 'custom', range: { from, to } };
  return { preset: 'last30', range: presetRange('last30', today) };
}

/**
 * The address query of a period ('' for the default, so the plain address stays plain).
 *
 * @example queryFromImprovementPeriod({ preset: 'last7', range }) // '?period=last7'
 */
export function queryFromImprovementPeriod(period: PeriodChoice): string {
  if (period.preset === 'last30') return '';
  const params = new URLSearchParams(period.preset === 'custom' ? { from: period.range.from, to: period.range.to } : { period: period.preset });
  return `?${params.toString()}`;
}

/**
 * The questions of a group that an action applies to: those chosen, in the group's order (most frequent first).
 *
 * @example chosenQuestions(group.questions, new Set(['マイナ失くした'])) // ['マイナ失くした']
 */
export function chosenQuestions(questions: readonly FailedQuestionView[], unchosen: ReadonlySet<string>): FailedQuestionView[] {
  return questions.filter((q) => !unchosen.has(q.question));
}
