/**
 * One admin change at a time per site, for the changes that read before they write (a bulk edit reads the
 * QAs it changes; a setting's revision is checked before it is saved). The store makes each call atomic;
 * this lock makes read-then-write atomic against the other admin requests of this process.
 */
import type { AdminContext } from '../context.ts';

const tails = new WeakMap<AdminContext, Promise<unknown>>();

/**
 * Runs `change` after every change queued before it for the same site.
 *
 * @example `await withWriteLock(context, async () => { const qas = await store.listQas(siteId); … });`
 */
export function withWriteLock<T>(context: AdminContext, change: () => Promise<T>): Promise<T> {
  const previous = tails.get(context) ?? Promise.resolve();
  const result = previous.catch(() => undefined).then(change);
  tails.set(context, result);
  return result;
}
