/**
 * A QA's content on its own: exactly the QaContent fields, in one fixed order, arrays copied. The stored
 * form (store/content.ts), the JSONL export and the console's view of a QA all start from it, so no
 * bookkeeping field of a whole `Qa` passed as content leaks into any of them.
 */
import { TRANSLATION_LANGUAGES, type QaContent, type QaTranslation } from './model.ts';

/**
 * A copy of `content` holding only QaContent fields, in canonical order.
 *
 * @example `contentOf({ ...qa }) // drops siteId, version, updatedBy, updatedAt`
 */
export function contentOf(content: QaContent): QaContent {
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
