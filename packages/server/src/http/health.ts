/**
 * Probes for monitoring and load balancers. `/healthz` (liveness) says the process answers, and touches
 * nothing else, so a slow database never gets a healthy process restarted. `/readyz` (readiness) says whether
 * this instance should be sent citizens: its search index is built (before the server listens, so always
 * by the time it can answer) and the database answers a trivial query within a short time.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { SearchService } from '../search/search-service.ts';
import type { Store } from '../store/store.ts';

export interface HealthRoutesOptions {
  store: Store;
  siteId: string;
  search: SearchService;
  /** How long the database may take to answer the readiness query (default 2 s). */
  databaseTimeoutMs?: number;
}

const DEFAULT_DATABASE_TIMEOUT_MS = 2_000;

const Live = Type.Object({ status: Type.Literal('ok'), qas: Type.Integer({ description: 'Published QAs in the search index.' }) });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  qas: Type.Integer({ description: 'Published QAs in the search index.' }),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  reason: Type.Optional(Type.String({ description: 'Why the instance is not ready (Japanese, for the operator).' })),
});

/** Rejects when the promise has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { store, siteId, search, databaseTimeoutMs }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['system'], summary: 'Liveness: the process answers (no database query)', response: { 200: Live } } },
    async () => ({ status: 'ok' as const, qas: search.size }),
  );

  app.get(
    '/readyz',
    { schema: { tags: ['system'], summary: 'Readiness: the search index is loaded and the database answers', response: { 200: Ready, 503: Ready } } },
    async (request, reply) => {
      try {
        await within(store.countQas(siteId), databaseTimeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS);
        return { status: 'ok' as const, qas: search.size, database: 'ok' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unreachable');
        return reply.status(503).send({
          status: 'unavailable' as const,
          qas: search.size,
          database: 'unreachable' as const,
          reason: 'データベースに接続できません。市民への回答は検索インデックスから続けています。',
        });
      }
    },
  );
};
