/**
 * One canonical shape for QA content, whatever it came from (a spreadsheet row, a JSONL line, the admin
 * form): text trimmed with LF line breaks, lists without empty items or repeats, fields in model order.
 * Normalised content survives every export format unchanged, which is what makes round trips exact.
 */
import { TRANSLATION_LANGUAGES, type QaContent, type QaTranslation } from '../model.ts';
import { normalizeText, uniqueNonEmpty } from './cells.ts';

/**
 * The canonical form of `content` (a new object; bookkeeping fields of a Qa are dropped).
 *
 * @example `normalizeQaContent({ ...c, alternates: [' a ', 'a', ''] }).alternates // ['a']`
 */
export function normalizeQaContent(content: QaContent): QaContent {
  const question = normalizeText(content.question);
  const translations: QaContent['translations'] = {};
  for (const lang of TRANSLATION_LANGUAGES) {
    const t = content.translations[lang];
    if (!t) continue;
    const n = normalizeTranslation(t);
    if (n.question !== '' || n.answer !== '' || n.alternates.length > 0) translations[lang] = n;
  }
  return {
    id: normalizeText(content.id),
    category1: normalizeText(content.category1),
    category2: normalizeText(content.category2),
    question,
    alternates: alternatesOf(content.alternates, question),
    keywords: uniqueNonEmpty(content.keywords),
    answer: normalizeText(content.answer),
    relatedIds: uniqueNonEmpty(content.relatedIds),
    department: normalizeText(content.department),
    contact: normalizeText(content.contact),
    sourceUrls: uniqueNonEmpty(content.sourceUrls),
    status: content.status,
    validFrom: content.validFrom === null ? null : normalizeText(content.validFrom),
    validUntil: content.validUntil === null ? null : normalizeText(content.validUntil),
    translations,
  };
}

function normalizeTranslation(t: QaTranslation): QaTranslation {
  const question = normalizeText(t.question);
  return { question, alternates: alternatesOf(t.alternates, question), answer: normalizeText(t.answer) };
}

// An alternate equal to the question adds nothing to matching.
function alternatesOf(alternates: readonly string[], question: string): string[] {
  return uniqueNonEmpty(alternates).filter((a) => a !== question);
}
