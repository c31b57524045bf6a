/**
 * A real Madoguchi server for tests: a fresh store seeded with the starter pack, plus any QAs a test adds,
 * listening on a free port of 127.0.0.1. The store is a SQLite data directory, or with
 * MADOGUCHI_TEST_STORE=postgres a schema of its own in the test PostgreSQL (`npm run test:api:postgres` runs
 * the API suites that way).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { ModelProviders } from '../ai/models/models.ts';
import type { AuthOptions } from '../auth/sessions.ts';
import type { QaContent } from '../qa/model.ts';
import { SearchService } from '../search/search-service.ts';
import { seedIfEmpty } from '../starter/seed.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { createTestSchema, TEST_DATABASE_URL } from '../store/postgres/test-database.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/store.ts';
import { buildApp, type AppDependencies } from './app.ts';

export const TEST_SITE = 'default';

export interface TestServer {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  app: FastifyInstance;
  store: Store;
  /** Every route the app registered, as Fastify was given it (method, url, config, schema). */
  routes: RouteOptions[];
  close(): Promise<void>;
}

/** What a test server may be given beside the defaults. */
export interface TestServerOptions {
  qas?: QaContent[];
  rateLimits?: AppDependencies['rateLimits'];
  auth?: AuthOptions;
  /** The models, made once the store exists, e.g. `(store, site) => createModelProviders(config, store, site)` (default: none). */
  models?: (store: Store, siteId: string) => ModelProviders;
  /** The source page checks (情報源と見直し): off unless a test turns them on, e.g. `{ firstDelayMs: 3_600_000 }` for 「今すぐ確認する」 only. */
  sourceChecks?: AppDependencies['sourceChecks'];
  /** What city content may be read; a loopback city site needs `LOOPBACK_OUTBOUND` (security/loopback-outbound.ts). */
  outbound?: AppDependencies['outbound'];
  /** `--https` and the other hardening flags (default none). */
  security?: AppDependencies['security'];
  /** As the app's `trustProxy`: tests of per-address limits send X-Forwarded-For (default false). */
  trustProxy?: AppDependencies['trustProxy'];
}

/**
 * `auth` sets the admin API's clock and limits; sign-in is not rate-limited here unless `auth.signInRateLimit` says.
 * Sign staff in with `signIn` from auth/test-support.ts.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { store, dispose } = await openTestStore();
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
    rateLimits: options.rateLimits ?? { chat: 10_000, feedback: 10_000, menu: 10_000, events: 10_000, generatedAnswer: 10_000 },
    auth: { signInRateLimit: 0, ...options.auth },
    sourceChecks: options.sourceChecks ?? false,
    outbound: options.outbound,
    security: options.security,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    ...(options.models ? { models: options.models(store, TEST_SITE) } : {}),
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
      await dispose();
    },
  };
}

async function openTestStore(): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (process.env.MADOGUCHI_TEST_STORE === 'postgres') {
    const schema = await createTestSchema();
    return { store: await openPostgresStore(TEST_DATABASE_URL, { schema: schema.name, poolSize: 4 }), dispose: () => schema.drop() };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-server-'));
  return { store: openSqliteStore(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
}
