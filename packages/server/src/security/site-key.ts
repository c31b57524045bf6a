/**
 * A site's random keys (AI answer tokens, sign-in): made once and kept in the settings table, so every
 * instance on the same store uses the same key. Never shown in the console (the settings screens list their
 * own keys only) and never logged.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';

/**
 * The key under a setting, made on first use. Two instances starting together may both write one: the first
 * value ever stored (revision 1) is the key for everyone, whatever was written after it.
 *
 * @example const key = await readSiteKey(store, 'default', 'aiAnswerTokenKey');
 */
export async function readSiteKey(store: Store, siteId: string, setting: string): Promise<Buffer> {
  const first = async (): Promise<unknown> => (await store.listSettingRevisions(siteId, setting))[0]?.value;
  let value = await first();
  if (typeof value !== 'string') {
    // A write that lost the race to another instance may fail; reading the first revision settles it.
    await store.setSetting(siteId, setting, randomBytes(32).toString('base64url'), 'system').catch(() => undefined);
    value = await first();
  }
  if (typeof value !== 'string' || value === '') throw new Error(`The site key ${setting} could not be stored`);
  return Buffer.from(value, 'base64url');
}
