/**
 * Test support: model usage rows are written after the call has returned (providers.ts), so a test reading
 * them right after a call waits until they are there (at once on SQLite; a moment later on PostgreSQL).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelUsage } from '../../store/authoring-records.ts';
import type { Store } from '../../store/store.ts';

/**
 * The site's newest usage rows (newest first) once `ready` holds for them; after about 5 seconds, the rows as
 * they are, for the test's own assertion to fail on.
 *
 * @example const [usage] = await usageRows(server.store, TEST_SITE, (rows) => rows[0]?.purpose === 'draft');
 */
export async function usageRows(store: Store, siteId: string, ready: (rows: ModelUsage[]) => boolean): Promise<ModelUsage[]> {
  for (let tries = 0; ; tries++) {
    const rows = await store.listModelUsage(siteId, 100);
    if (ready(rows) || tries >= 250) return rows;
    await sleep(20);
  }
}
