/**
 * A real Madoguchi server for tests: a fresh SQLite data directory seeded with the starter pack, plus any
 * QAs a test adds, listening on a free port of 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { AuthOptions } from '../auth/sessions.ts';
import type { QaContent } from '../qa/model.ts';
import { SearchService } from '../search/search-service.ts';
import { seedIfEmpty } from '../starter/seed.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/index.ts';
import { buildApp, type AppDependencies } from './app.ts';

export const TEST_SITE = 'default';

export interface TestServer {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  app: FastifyInstance;
  store: SqliteStore;
  /** Every route the app registered, as Fastify was given it (method, url, config, schema). */
  routes: RouteOptions[];
  close(): Promise<void>;
}

/**
 * `auth` sets the admin API's clock and limits; sign-in is not rate-limited here unless `auth.signInRateLimit` says.
 * Sign staff in with `signIn` from auth/test-support.ts.
 */
export async function startTestServer(options: { qas?: QaContent[]; rateLimits?: AppDependencies['rateLimits']; auth?: AuthOptions } = {}): Promise<TestServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-server-'));
  const store = openSqliteStore(dir);
  await seedIfEmpty(store, TEST_SITE);
  if (options.qas) {
    await store.importQas(TEST_SITE, options.qas, { actor: 'test', mode: 'merge' });
    await store.publish(TEST_SITE, 'test');
  }
  // Sudachi's synonyms only change rankings; they triple the start-up time of every test server.
  const [search, working] = await Promise.all([
    SearchService.open(store, TEST_SITE, { withoutSudachi: true }),
    SearchService.open(store, TEST_SITE, { withoutSudachi: true, scope: 'working' }),
  ]);
  const routes: RouteOptions[] = [];
  const app = await buildApp({
    onRoute: (route) => void routes.push(route),
    store,
    siteId: TEST_SITE,
    search,
    working,
    rateLimits: options.rateLimits ?? { chat: 10_000, feedback: 10_000, menu: 10_000, events: 10_000 },
    auth: { signInRateLimit: 0, ...options.auth },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    store,
    routes,
    async close() {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
