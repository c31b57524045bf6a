/**
 * What a suggestion request works on and gives back, shared by the alternates and the plain-Japanese
 * suggestions: the editor's current form content in, suggestions to accept or reject and what was left out.
 */
import { normalizeText, toKatakana } from '@madoguchi/engine';

/** The QA as the editor's form holds it now (possibly unsaved, possibly a new QA). */
export interface SuggestionInput {
  question: string;
  alternates: readonly string[];
  /** Markdown. */
  answer: string;
}

/** @example `{ text: 'じゅうみんひょう ほしい', notes: [] }` */
export interface Suggestion {
  text: string;
  /** Japanese, for staff: what to check before accepting. */
  notes: string[];
}

/** @example `{ text: '住民票は0円です。', reason: '元の回答にない内容（0円）が含まれるため、出しませんでした。' }` */
export interface DroppedSuggestion {
  text: string;
  /** Japanese, for staff. */
  reason: string;
}

export interface Suggestions {
  suggestions: Suggestion[];
  dropped: DroppedSuggestion[];
}

/**
 * Two texts with the same key read the same to the engine: width, case and kana folded (ごみ = ゴミ), and
 * spaces and punctuation ignored (「住民票がほしい。」 = 「住民票がほしい」).
 *
 * @example sameTextKey('ゴミの出し方？') === sameTextKey('ごみの 出し方') // true
 */
export function sameTextKey(text: string): string {
  return toKatakana(normalizeText(text)).replace(/[\s\p{P}\p{S}]/gu, '');
}
