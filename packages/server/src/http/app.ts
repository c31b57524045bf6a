/**
 * Builds the HTTP application; listening is the caller's business (tests listen on port 0).
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { BlockList } from 'node:net';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { ChatService } from '../chat/chat-service.ts';
import { LinkedFileSizes } from '../chat/linked-file-sizes.ts';
import { chatRoutes, DEFAULT_CHAT_RATE_LIMITS, type ChatRateLimits } from '../chat/routes.ts';
import type { SearchService } from '../search/search-service.ts';
import { isSharedStore, type Store } from '../store/store.ts';
import { createAdminContext } from '../admin/context.ts';
import { adminRoutes } from '../admin/routes.ts';
import type { AuthOptions } from '../auth/sessions.ts';
import { startRetentionJob, type RetentionJobOptions } from '../logs/retention.ts';
import { startSourceCheckJob, type SourceCheckJobOptions } from '../ai/freshness/source-check-job.ts';
import { installMetrics, type AppMetrics } from '../observability/metrics.ts';
import { installRequestIdHeader, loggingOptions, type LogDestination } from '../observability/request-log.ts';
import { installAdminAllowList } from '../security/admin-allow-list.ts';
import { OutboundGuard, type OutboundOptions } from '../security/outbound-guard.ts';
import { frameAncestors, installSecurityHeaders, type SecurityHeaderOptions } from '../security/headers.ts';
import { answerClientError, answerFrameworkError, DEFAULT_BODY_LIMIT, installBodyLimits, installWellFormedJson, REQUEST_TIMEOUT_MS } from '../security/request-limits.ts';
import { webRoutes } from '../web/routes.ts';
import { NO_MODELS, type ModelProviders } from '../ai/models/models.ts';
import { GeneratedAnswers } from '../ai/answers/generated-answers.ts';
import { openSemanticSearches } from '../ai/semantic/semantic-search.ts';
import { ApiError } from './api-error.ts';
import { installErrorHandling } from './error-handler.ts';
import { syncIndexes } from './index-sync.ts';
import { sharedRateLimitStore } from './shared-rate-limit.ts';
import { healthRoutes } from './health.ts';

export interface AppDependencies {
  store: Store;
  siteId: string;
  /** The published QAs of the site: what citizens are answered from. */
  search: SearchService;
  /** The working set as the next publication would show it: the staff console's test chat. */
  working: SearchService;
  /** JSON logs with an access line per request: true for stdout, a destination (tests), off by default. */
  logger?: boolean | LogDestination;
  /** HSTS when served over HTTPS, the origins that may frame /chat, and the staff console's address allow-list. */
  security?: SecurityHeaderOptions & { adminAllow?: BlockList };
  /** Serves Prometheus metrics at /metrics to `Authorization: Bearer <token>`; without it there is no /metrics. */
  metricsToken?: string;
  /** Requests per minute per address on the chat API. */
  rateLimits?: Partial<ChatRateLimits>;
  /**
   * Behind a reverse proxy, which hops to trust for the client address (rate limits count per address):
   * `true`, a hop count, or addresses/CIDRs, as Fastify's `trustProxy`.
   */
  trustProxy?: boolean | number | string;
  /**
   * Ask the city's server (HEAD) for the size of each PDF an answer links to, shown beside the link.
   * Default true; false where the server may make no outbound request.
   */
  linkedFileSizes?: boolean;
  /** The staff console's session limits and clock (tests step the clock past the idle timeout). */
  auth?: AuthOptions;
  /** Told of every route as it is registered (tests check that every admin route requires a session). */
  onRoute?: (route: RouteOptions) => void;
  /** The daily purge of chat log past the retention (R23); default on, a minute after start. */
  logRetention?: false | RetentionJobOptions;
  /**
   * The daily check of the pages QAs cite (情報源と見直し), and staff's 「今すぐ確認する」; default on, ten minutes
   * after start. false where the server may make no outbound request.
   */
  sourceChecks?: false | SourceCheckJobOptions;
  /** The chat and embedding models a deployment configured (issue 7); none by default. */
  models?: ModelProviders;
  /**
   * What city content may be read (drafts, source checks, PDF sizes): by default any public address;
   * `allow` adds internal ones (`--outbound-allow`), `cityHosts` limits drafts and source checks (`--city-hosts`).
   */
  outbound?: Omit<OutboundOptions, 'onFailure'>;
}

/** Trusts the first `hops` proxies in front of the server (proxy-addr counts hops from the socket). */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The citizen chat; `app.chat.flushLog()` writes turns still queued (tests, shutdown). */
    chat: ChatService;
  }
}

export const API_VERSION = '1.0.0';

export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    ...loggingOptions(deps.logger ?? false),
    bodyLimit: DEFAULT_BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    // JSON bodies are taken as typed: a number where text belongs is refused, not quietly turned into text.
    ajv: { customOptions: { coerceTypes: false } },
    trustProxy: typeof deps.trustProxy === 'number' ? trustHops(deps.trustProxy) : (deps.trustProxy ?? false),
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandling(app);
  if (deps.logger) installRequestIdHeader(app);
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  installBodyLimits(app);
  installWellFormedJson(app);
  installSecurityHeaders(app, deps.security ?? {});
  if (deps.security?.adminAllow) installAdminAllowList(app, deps.security.adminAllow);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Madoguchi API', version: API_VERSION, description: '窓口 (Madoguchi): FAQ chatbot for municipalities.' },
      tags: [
        { name: 'chat', description: 'Citizen chat (public, no cookies)' },
        { name: 'web', description: 'Script and pages for browsers' },
        { name: 'system', description: 'Health and documents' },
        { name: 'admin', description: 'Staff console: session cookie madoguchi_admin (__Host-madoguchi_admin with --https), x-csrf-token header on changes' },
      ],
    },
  });
  await app.register(rateLimit, {
    global: false,
    // Several instances on PostgreSQL count each address together; should the database fail, answering goes on.
    ...(isSharedStore(deps.store) ? { store: sharedRateLimitStore(deps.store), skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'RATE_LIMITED', `短い時間にたくさんのご質問をいただいたため、一時的に受付を止めています。${Math.ceil(context.ttl / 1000)}秒ほどおいてから、もう一度お試しください。`),
  });

  // Read when scraped, so the chat service made below is there by then.
  const metrics: AppMetrics | undefined = deps.metricsToken
    ? installMetrics(app, deps.metricsToken, { indexSizes: () => ({ published: deps.search.size, working: deps.working.size }), logBacklog: () => chat.logBacklog })
    : undefined;

  const outbound = new OutboundGuard({ ...deps.outbound, onFailure: (failure) => app.log.info(failure, 'outbound request failed') });
  const fileSizes = deps.linkedFileSizes === false ? undefined : new LinkedFileSizes({ guard: outbound });
  if (fileSizes) app.addHook('onClose', () => fileSizes.settled());
  // The semantic plug-in (R9): only with an embeddings endpoint; it embeds in the background from here on.
  const semantic = deps.models?.embeddings
    ? await openSemanticSearches(deps.store, deps.siteId, { published: deps.search, working: deps.working }, deps.models.embeddings, {
        onError: (error, during) => app.log.warn({ err: error, during }, 'semantic search: the engine alone is used'),
        onCoolDown: (pauseMs) => app.log.warn({ pauseMs }, 'semantic search: question embeddings failed repeatedly and pause'),
      })
    : undefined;
  if (semantic) app.addHook('onClose', () => semantic.close());
  const generatedAnswers = new GeneratedAnswers(deps.store, deps.search, deps.siteId, deps.models ?? NO_MODELS, {
    onError: (error) => app.log.error({ err: error }, 'AI answer setting, token key or log not available'),
    onDailyLimit: (limit) => app.log.info({ limit }, 'AI answer skipped: the daily limit of this process is reached'),
  });
  const chat: ChatService = new ChatService(deps.store, deps.search, deps.siteId, {
    semantic: semantic?.published,
    aiAnswers: generatedAnswers,
    fileSizes,
    imageHosts: deps.security?.answerImageHosts,
    onTurn: metrics && ((turn) => metrics.countTurn(turn)),
    onLogError: (error) => {
      metrics?.countLogWriteError();
      app.log.error({ err: error }, 'chat log write failed');
    },
    onMenuFromCache: (error) => app.log.warn({ err: error }, 'chat menu shown from memory: the store did not answer'),
  });
  // Turns still queued are written before the store is closed.
  app.addHook('onClose', () => chat.flushLog());
  if (isSharedStore(deps.store)) {
    const stopSync = await syncIndexes(deps.store, deps.siteId, { published: deps.search, working: deps.working }, app.log);
    app.addHook('onClose', stopSync);
  }
  app.decorate('chat', chat);
  if (deps.logRetention !== false) {
    const retention = startRetentionJob(deps.store, deps.siteId, {
      onPurged: (result) => app.log.info(result, 'chat log purged'),
      onError: (error) => app.log.error({ err: error }, 'chat log purge failed'),
      ...deps.logRetention,
    });
    app.addHook('onClose', () => retention.stop());
  }
  const sourceChecks =
    deps.sourceChecks === false
      ? undefined
      : startSourceCheckJob(deps.store, deps.siteId, outbound, {
          onChecked: (summary) => app.log.info(summary, 'source pages checked'),
          onSkipped: (lastCheckedAt) => app.log.info({ lastCheckedAt }, 'source page check skipped: checked recently'),
          onError: (error) => app.log.error({ err: error }, 'source page check failed'),
          ...deps.sourceChecks,
        });
  if (sourceChecks) app.addHook('onClose', () => sourceChecks.stop());
  await app.register(chatRoutes, { prefix: '/api/v1', chat, generatedAnswers, rateLimits: { ...DEFAULT_CHAT_RATE_LIMITS, ...deps.rateLimits } });
  await app.register(webRoutes, { search: deps.search, store: deps.store, siteId: deps.siteId, chatFrameAncestors: frameAncestors(deps.security?.frameOrigins), answerImageHosts: deps.security?.answerImageHosts });
  const context = createAdminContext({ store: deps.store, siteId: deps.siteId, published: deps.search, working: deps.working, models: deps.models ?? NO_MODELS, semantic, outbound, answerImageHosts: deps.security?.answerImageHosts }, deps.auth?.now);
  await app.register(adminRoutes, { prefix: '/api/admin', context, auth: { https: deps.security?.https, ...deps.auth }, sourceChecks: sourceChecks?.runner });

  await app.register(healthRoutes, { store: deps.store, siteId: deps.siteId, search: deps.search });
  // Last, after the jobs that read through it have stopped.
  app.addHook('onClose', () => outbound.close());
  app.get('/api/openapi.json', { schema: { tags: ['system'], summary: 'This OpenAPI document' } }, async () => app.swagger());
  return app;
}
