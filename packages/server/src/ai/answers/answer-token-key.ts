/**
 * The site's key for AI answer tokens (answer-token.ts), shared by every instance (security/site-key.ts).
 */
import { readSiteKey } from '../../security/site-key.ts';
import type { Store } from '../../store/store.ts';

export const ANSWER_TOKEN_KEY_SETTING = 'aiAnswerTokenKey';

/** @example const key = await readAnswerTokenKey(store, 'default'); */
export function readAnswerTokenKey(store: Store, siteId: string): Promise<Buffer> {
  return readSiteKey(store, siteId, ANSWER_TOKEN_KEY_SETTING);
}
