/**
 * The stored form of QA content: exactly the QaContent fields in one fixed order, so two contents can be
 * compared as JSON text (merge import keeps identical QAs untouched) and no bookkeeping field of a whole
 * `Qa` passed as content leaks into storage.
 */
import { contentOf } from '../qa/content.ts';
import type { QaContent } from '../qa/model.ts';

/**
 * A copy of `content` holding only QaContent fields, in canonical order.
 *
 * @example `toStoredContent({ ...qa }) // drops siteId, version, updatedBy, updatedAt`
 */
export function toStoredContent(content: QaContent): QaContent {
  return contentOf(content);
}

/**
 * Canonical JSON of a content; equal strings mean equal content.
 *
 * @example `contentJson(a) === contentJson(b)`
 */
export function contentJson(content: QaContent): string {
  return JSON.stringify(toStoredContent(content));
}
