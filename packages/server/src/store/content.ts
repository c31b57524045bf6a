/**
 * The stored form of QA content: exactly the QaContent fields in one fixed order, so two contents can be
 * compared as JSON text (merge import keeps identical QAs untouched) and no bookkeeping field of a whole
 * `Qa` passed as content leaks into storage.
 */
import { TRANSLATION_LANGUAGES, type QaContent, type QaTranslation } from '../qa/model.ts';

/**
 * A copy of `content` holding only QaContent fields, in canonical order.
 *
 * @example `toStoredContent({ ...qa }) // drops siteId, version, updatedBy, updatedAt`
 */
export function toStoredContent(content: QaContent): QaContent {
  const translations: QaContent['translations'] = {};
  for (const lang of TRANSLATION_LANGUAGES) {
    const t: QaTranslation | undefined = content.translations[lang];
    if (t) translations[lang] = { question: t.question, alternates: [...t.alternates], answer: t.answer };
  }
  return {
    id: content.id,
    category1: content.category1,
    category2: content.category2,
    question: content.question,
    alternates: [...content.alternates],
    keywords: [...content.keywords],
    answer: content.answer,
    relatedIds: [...content.relatedIds],
    department: content.department,
    contact: content.contact,
    sourceUrls: [...content.sourceUrls],
    status: content.status,
    validFrom: content.validFrom,
    validUntil: content.validUntil,
    translations,
  };
}

/**
 * Canonical JSON of a content; equal strings mean equal content.
 *
 * @example `contentJson(a) === contentJson(b)`
 */
export function contentJson(content: QaContent): string {
  return JSON.stringify(toStoredContent(content));
}
