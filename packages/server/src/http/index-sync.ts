/**
 * Keeps this instance's search indexes in step with changes other instances commit (R40): a QA published
 * through one instance is answered by every other within moments of the commit.
 */
import type { FastifyBaseLogger } from 'fastify';
import { refreshIndex } from '../admin/qas/index-refresh.ts';
import type { SearchService } from '../search/search-service.ts';
import type { SharedStore, StoreChange } from '../store/store.ts';

/**
 * Rebuilds the index a change concerns (both after the connection was lost, since changes may have been
 * missed). This instance's own changes come back too; the refresher folds them into the rebuild it is
 * already running. Resolves to a function that stops listening.
 *
 * @example const stop = await syncIndexes(store, 'default', { published, working }, app.log);
 */
export async function syncIndexes(
  store: Pick<SharedStore, 'listenForChanges'>,
  siteId: string,
  indexes: { published: SearchService; working: SearchService },
  log: FastifyBaseLogger,
): Promise<() => Promise<void>> {
  const refresh = (scope: StoreChange['scope']) => {
    const rebuilds = [scope !== 'published' && refreshIndex(indexes.working, log), scope !== 'working' && refreshIndex(indexes.published, log)];
    // A failed rebuild is logged by refreshIndex and the old index keeps serving.
    for (const rebuild of rebuilds) if (rebuild) rebuild.catch(() => undefined);
  };
  return store.listenForChanges(
    (change) => {
      if (change.siteId === siteId) refresh(change.scope);
    },
    () => {
      log.warn('database connection for change announcements was lost and restored; rebuilding the search indexes');
      refresh('all');
    },
  );
}
