/**
 * The text embedded for each QA, and the key its vector is cached under. Pure.
 */
import { createHash } from 'node:crypto';
import type { QaContent } from '../../qa/model.ts';
import { fillPlaceholders, type CityFacts } from '../../qa/placeholders.ts';
import { markdownToPlainText } from '../../qa/plain-text.ts';

/**
 * Characters embedded at most. Long enough for the question, its alternates and the gist of the answer;
 * short enough for models with small input limits (512 tokens is common for local models; Japanese runs
 * about a token a character), and to keep the cost of embedding a large QA set low.
 */
export const EMBEDDING_TEXT_MAX_CHARS = 500;

/**
 * Question and alternates first (what citizens' questions resemble), then the answer's words, with the
 * city's facts filled in, cut at {@link EMBEDDING_TEXT_MAX_CHARS} characters.
 *
 * @example embeddingText({ question: '住民票がほしい', alternates: ['住民票の写し'], answer: '**市民課**で…', … }, facts)
 * // '住民票がほしい\n住民票の写し\n市民課で…'
 */
export function embeddingText(qa: Pick<QaContent, 'question' | 'alternates' | 'answer'>, facts: CityFacts): string {
  const fill = (text: string): string => fillPlaceholders(text, facts).replace(/\s+/g, ' ').trim();
  const lines = [fill(qa.question), ...qa.alternates.map(fill), markdownToPlainText(fillPlaceholders(qa.answer, facts))].filter((line) => line !== '');
  return cut(lines.join('\n'));
}

/** A question as it is embedded: spacing folded, cut like the QAs' texts. */
export function embeddingQuestion(question: string): string {
  return cut(question.replace(/\s+/g, ' ').trim());
}

/**
 * The cache key of a text's vector: a different model or a different text is a different vector.
 *
 * @example embeddingKey('text-embedding-3-small', '住民票がほしい') // '5c0f…' (64 hex digits)
 */
export function embeddingKey(model: string, text: string): string {
  return createHash('sha256').update(model).update('\u0000').update(text).digest('hex');
}

/** At most the limit in characters (code points: a surrogate pair is never split). */
function cut(text: string): string {
  const chars = [...text];
  return chars.length <= EMBEDDING_TEXT_MAX_CHARS ? text : chars.slice(0, EMBEDDING_TEXT_MAX_CHARS).join('');
}
