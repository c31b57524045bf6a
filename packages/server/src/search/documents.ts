/**
 * QA records as the engine indexes them: placeholders filled with the city's facts and the
 * answer reduced to its words.
 */
import type { SearchDocument } from '@madoguchi/engine';
import type { QaContent } from '../qa/model.ts';
import { fillPlaceholders, type CityFacts } from '../qa/placeholders.ts';
import { markdownToPlainText } from '../qa/plain-text.ts';

export function toSearchDocument(qa: QaContent, facts: CityFacts): SearchDocument {
  const fill = (text: string): string => fillPlaceholders(text, facts);
  return {
    id: qa.id,
    question: fill(qa.question),
    alternates: qa.alternates.map(fill),
    keywords: qa.keywords.map(fill),
    categories: [qa.category1, qa.category2].filter((c) => c !== ''),
    answer: markdownToPlainText(fill(qa.answer)),
  };
}

/** True when a QA is shown to citizens on the given day (YYYY-MM-DD). */
export function isVisibleOn(qa: Pick<QaContent, 'status' | 'validFrom' | 'validUntil'>, day: string): boolean {
  return qa.status === 'published' && (qa.validFrom === null || qa.validFrom <= day) && (qa.validUntil === null || day <= qa.validUntil);
}
