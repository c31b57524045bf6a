/**
 * QA content for tests, shared by the store's and the file formats' suites.
 */
import type { QaContent } from './model.ts';

/**
 * A complete QaContent with sensible defaults.
 *
 * @example `qaContent('1001', { answer: '窓口へ' })`
 */
export function qaContent(id: string, overrides: Partial<QaContent> = {}): QaContent {
  return {
    id,
    category1: '届出・証明',
    category2: '住民票',
    question: `質問 ${id}`,
    alternates: [],
    keywords: [],
    answer: `回答 ${id}`,
    relatedIds: [],
    department: '市民課',
    contact: '',
    sourceUrls: [],
    status: 'published',
    validFrom: null,
    validUntil: null,
    translations: {},
    ...overrides,
  };
}
