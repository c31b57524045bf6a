/**
 * Builds the HTTP application; listening is the caller's business (tests use `inject`).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { SearchService } from '../search/search-service.ts';

export interface AppDependencies {
  search: SearchService;
  /** Pino logging; off in tests. */
  logger?: boolean;
}

export function buildApp(deps: AppDependencies): FastifyInstance {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 1024 * 1024 });
  app.get(
    '/healthz',
    { schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' }, qas: { type: 'integer' } }, required: ['status', 'qas'] } } } },
    async () => ({ status: 'ok', qas: deps.search.size }),
  );
  return app;
}
