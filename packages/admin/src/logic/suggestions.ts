/**
 * The QA editor's AI suggestions (言い換えの候補, やさしい日本語の案): what is asked from the form, and what
 * 採用 / 不採用 / 元に戻す do to the suggestions and to the form. Nothing here saves: the form changes, and the
 * staff member saves the QA as usual.
 */
import type { SuggestionKind, SuggestionReply, SuggestionRequest } from '@madoguchi/server/admin-api';
import { lines, type QaForm } from './qa-form.ts';

export type Decision = 'pending' | 'accepted' | 'rejected';

export interface SuggestionItem {
  text: string;
  notes: string[];
  decision: Decision;
}

/** One answer from the model, as the editor shows it. */
export interface SuggestionBatch {
  kind: SuggestionKind;
  items: SuggestionItem[];
  dropped: SuggestionReply['dropped'];
  /** The answer the rewrites were made from: staff see when they changed it since. */
  basis: string;
}

export interface SuggestionsState {
  batch: SuggestionBatch | null;
  /** The answer as staff wrote it before a rewrite was accepted, for 元に戻す; null when none is accepted. */
  undoAnswer: string | null;
}

export const NO_SUGGESTIONS: SuggestionsState = { batch: null, undoAnswer: null };

export const KIND_LABELS: Readonly<Record<SuggestionKind, string>> = { alternates: '言い換えの候補', 'plain-japanese': 'やさしい日本語の案' };

/**
 * What the server is asked, from the form as it is now (saved or not).
 *
 * @example suggestionRequest('alternates', form) // { kind: 'alternates', question: '住民票がほしい', alternates: ['住民票の取り方'], answer: '…' }
 */
export function suggestionRequest(kind: SuggestionKind, form: QaForm): SuggestionRequest {
  return { kind, question: form.question.trim(), alternates: lines(form.alternates), answer: form.answer };
}

/**
 * Why the form cannot be sent for this kind, in Japanese, or null. The server checks the same.
 *
 * @example missingInput('plain-japanese', { ...form, answer: '' }) // '回答を入力してから、案を出してください。'
 */
export function missingInput(kind: SuggestionKind, form: QaForm): string | null {
  if (kind === 'alternates' && form.question.trim() === '') return '質問を入力してから、言い換えの候補を出してください。';
  if (kind === 'plain-japanese' && form.answer.trim() === '') return '回答を入力してから、やさしい日本語の案を出してください。';
  return null;
}

/** A new batch replaces the shown one; an answer kept for 元に戻す stays. */
export function receive(state: SuggestionsState, kind: SuggestionKind, reply: SuggestionReply, form: QaForm): SuggestionsState {
  return {
    ...state,
    batch: { kind, items: reply.suggestions.map((s) => ({ text: s.text, notes: [...s.notes], decision: 'pending' })), dropped: reply.dropped, basis: form.answer },
  };
}

/**
 * 採用: an alternate is added to the form's 言い換え (once); a rewrite replaces the answer, the staff member's
 * own answer is kept for 元に戻す, and a rewrite accepted before goes back to undecided.
 *
 * @example accept(state, 0, form).form.alternates // '住民票の取り方\nじゅうみんひょう ほしい'
 */
export function accept(state: SuggestionsState, index: number, form: QaForm): { state: SuggestionsState; form: QaForm } {
  const batch = state.batch;
  const item = batch?.items[index];
  if (!batch || !item || item.decision !== 'pending') return { state, form };
  if (batch.kind === 'alternates') {
    return { state: decide(state, index, 'accepted'), form: { ...form, alternates: withAlternate(form.alternates, item.text) } };
  }
  const items = batch.items.map((other, i): SuggestionItem => (i === index ? { ...other, decision: 'accepted' } : other.decision === 'accepted' ? { ...other, decision: 'pending' } : other));
  return { state: { batch: { ...batch, items }, undoAnswer: state.undoAnswer ?? form.answer }, form: { ...form, answer: item.text } };
}

/** 不採用: the suggestion is set aside; the form does not change. */
export function reject(state: SuggestionsState, index: number): SuggestionsState {
  return state.batch?.items[index]?.decision === 'pending' ? decide(state, index, 'rejected') : state;
}

/** 元に戻す: the answer as it was before any rewrite was accepted; accepted rewrites become undecided again. */
export function undoRewrite(state: SuggestionsState, form: QaForm): { state: SuggestionsState; form: QaForm } {
  if (state.undoAnswer === null) return { state, form };
  const batch = state.batch && {
    ...state.batch,
    items: state.batch.items.map((item): SuggestionItem => (state.batch?.kind === 'plain-japanese' && item.decision === 'accepted' ? { ...item, decision: 'pending' } : item)),
  };
  return { state: { batch, undoAnswer: null }, form: { ...form, answer: state.undoAnswer } };
}

/** True when the answer was edited after the rewrites were made (accepting one replaces those edits). */
export function answerChangedSince(batch: SuggestionBatch, form: QaForm): boolean {
  if (batch.kind !== 'plain-japanese') return false;
  return form.answer !== batch.basis && !batch.items.some((item) => item.decision === 'accepted' && item.text === form.answer);
}

/**
 * What a finished request says, for the live region.
 *
 * @example resultMessage(batch) // 'やさしい日本語の案が 2 件あります。'
 */
export function resultMessage(batch: SuggestionBatch): string {
  const label = KIND_LABELS[batch.kind];
  const left = batch.dropped.length > 0 ? `（条件に合わない ${batch.dropped.length} 件は出していません）` : '';
  return batch.items.length === 0 ? `新しい${label}はありませんでした${left}。` : `${label}が ${batch.items.length} 件あります${left}。採用するかどうかを選んでください。`;
}

/**
 * The 言い換え text with one more line, unless that line is there already.
 *
 * @example withAlternate('住民票の取り方\n', 'じゅうみんひょう') // '住民票の取り方\nじゅうみんひょう'
 */
export function withAlternate(alternates: string, text: string): string {
  if (lines(alternates).includes(text.trim())) return alternates;
  const kept = alternates.replace(/\s+$/, '');
  return kept === '' ? text.trim() : `${kept}\n${text.trim()}`;
}

function decide(state: SuggestionsState, index: number, decision: Decision): SuggestionsState {
  if (!state.batch) return state;
  return { ...state, batch: { ...state.batch, items: state.batch.items.map((item, i) => (i === index ? { ...item, decision } : item)) } };
}
