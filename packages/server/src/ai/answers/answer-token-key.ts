/**
 * The site's key for AI answer tokens (answer-token.ts): random, made once and kept in the settings table,
 * so every instance on the same store signs and checks with the same key. Never shown in the console (the
 * settings screens list their own keys only) and never logged.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.ts';

export const ANSWER_TOKEN_KEY_SETTING = 'aiAnswerTokenKey';

/**
 * The key, made on first use. Two instances starting together may both write one: the first value ever
 * stored (revision 1) is the key for everyone, whatever was written after it.
 *
 * @example const key = await readAnswerTokenKey(store, 'default');
 */
export async function readAnswerTokenKey(store: Store, siteId: string): Promise<Buffer> {
  const first = async (): Promise<unknown> => (await store.listSettingRevisions(siteId, ANSWER_TOKEN_KEY_SETTING))[0]?.value;
  let value = await first();
  if (typeof value !== 'string') {
    // A write that lost the race to another instance may fail; reading the first revision settles it.
    await store.setSetting(siteId, ANSWER_TOKEN_KEY_SETTING, randomBytes(32).toString('base64url'), 'system').catch(() => undefined);
    value = await first();
  }
  if (typeof value !== 'string' || value === '') throw new Error('The AI answer token key could not be stored');
  return Buffer.from(value, 'base64url');
}
