/**
 * 「新しいQAを作る」 from failed questions: the 改善 screen leaves the questions for the new-QA editor in
 * sessionStorage (not in the address, which servers log: they are citizens' words) and opens
 * `/admin/qas/new?from=improvement`; the editor fills the form from them and, once the QA is created, marks
 * them handled.
 */
import type { FailedQuestionView } from '@madoguchi/server/admin-api';

/** A QA takes at most 100 alternates (qa/io/limits.ts). */
export const MAX_ALTERNATES = 100;
export const FROM_IMPROVEMENT = 'improvement';
const KEY = 'madoguchi.admin.draftPrefill';

export interface DraftPrefill {
  question: string;
  alternates: string[];
  /** The failed questions exactly as listed, to mark handled once the QA exists. */
  sources: string[];
}

/**
 * The most frequent question as the question, the others (trimmed, once each) as alternates.
 *
 * @example draftPrefill([{ question: 'ドローン飛ばしたい', … }, { question: 'ドローンの許可', … }]) // { question: 'ドローン飛ばしたい', alternates: ['ドローンの許可'], sources: [...] }
 */
export function draftPrefill(questions: readonly Pick<FailedQuestionView, 'question' | 'count'>[]): DraftPrefill {
  const ordered = [...questions].sort((a, b) => b.count - a.count);
  const texts = [...new Set(ordered.map((q) => q.question.trim()).filter((q) => q !== ''))];
  return { question: texts[0] ?? '', alternates: texts.slice(1, MAX_ALTERNATES + 1), sources: ordered.map((q) => q.question) };
}

/** @example saveDraftPrefill(sessionStorage, draftPrefill(chosen)) */
export function saveDraftPrefill(storage: Pick<Storage, 'setItem'>, prefill: DraftPrefill): void {
  storage.setItem(KEY, JSON.stringify(prefill));
}

/**
 * The prefill left by the 改善 screen, or null when there is none or it is not one (edited by hand, older format).
 *
 * @example readDraftPrefill(sessionStorage)?.question // 'ドローン飛ばしたい'
 */
export function readDraftPrefill(storage: Pick<Storage, 'getItem'>): DraftPrefill | null {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
  const texts = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === 'string');
  if (typeof value !== 'object' || value === null) return null;
  const { question, alternates, sources } = value as Record<string, unknown>;
  if (typeof question !== 'string' || question === '' || !texts(alternates) || !texts(sources)) return null;
  return { question, alternates, sources };
}

export function clearDraftPrefill(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(KEY);
}
