/**
 * What the engine indexes of a QA. The engine knows nothing of storage: callers map their
 * records to this shape.
 */

export interface SearchDocument {
  /** The QA's 管理番号. */
  id: string;
  question: string;
  alternates: readonly string[];
  keywords: readonly string[];
  /** Category names, broadest first. */
  categories: readonly string[];
  answer: string;
}

/** The searchable fields, in the order their statistics are stored. */
export const FIELDS = ['question', 'keywords', 'category', 'answer'] as const;
export type Field = (typeof FIELDS)[number];

/** The text of each field; the question field holds the question and every alternate. */
export function fieldTexts(doc: SearchDocument): Record<Field, string[]> {
  return {
    question: [doc.question, ...doc.alternates],
    keywords: [...doc.keywords],
    category: [...doc.categories],
    answer: [doc.answer],
  };
}
