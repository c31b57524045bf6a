/**
 * Prometheus metrics (prom-client) at `GET /metrics`: requests by route, method and status with latency
 * histograms, error codes, chat decisions, index size, the chat log's backlog, and Node's process metrics.
 * The figures say how the service is used, so they are not public: the route exists only when a token is set
 * (MADOGUCHI_METRICS_TOKEN), and answers only `Authorization: Bearer <token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ApiError } from '../http/api-error.ts';
import type { ChatTurn } from '../store/store.ts';
import { routeOf } from './request-log.ts';

/** What the metrics read when scraped. */
export interface MetricSources {
  /** Published QAs (what citizens are answered from) and working-set QAs (the console's test chat). */
  indexSizes(): { published: number; working: number };
  /** The chat log's turns waiting for the store, and those dropped because it failed too long. */
  logBacklog(): { queued: number; dropped: number };
}

/** Seconds; the chat answers in milliseconds, exports and imports take seconds. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One registry per application (tests build many in one process).
 *
 * @example
 * const metrics = installMetrics(app, token, sources);
 * metrics.countTurn(turn);
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({ name: 'madoguchi_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status.', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  readonly #latency = new Histogram({ name: 'madoguchi_http_request_duration_seconds', help: 'Time from request to response, by route pattern and method.', labelNames: ['route', 'method'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly #errors = new Counter({ name: 'madoguchi_http_errors_total', help: 'Error responses by error code (the codes of docs/API.md).', labelNames: ['code', 'status'] as const, registers: [this.registry] });
  readonly #turns = new Counter({ name: 'madoguchi_chat_turns_total', help: 'Chat turns by decision (answer, candidates, none) and how the question came (typed, candidate, related, menu).', labelNames: ['decision', 'via'] as const, registers: [this.registry] });
  readonly #logErrors = new Counter({ name: 'madoguchi_chat_log_write_errors_total', help: 'Failed attempts to write queued chat turns to the store (they are retried).', registers: [this.registry] });

  constructor(sources: MetricSources) {
    new Gauge({
      name: 'madoguchi_index_qas',
      help: 'QAs in the in-memory search index: published (citizens) and working (the staff console\'s test chat).',
      labelNames: ['index'] as const,
      registers: [this.registry],
      collect() {
        const sizes = sources.indexSizes();
        this.set({ index: 'published' }, sizes.published);
        this.set({ index: 'working' }, sizes.working);
      },
    });
    new Gauge({
      name: 'madoguchi_chat_log_queued_turns',
      help: 'Chat turns waiting to be written to the store; grows while the database is unreachable.',
      registers: [this.registry],
      collect() {
        this.set(sources.logBacklog().queued);
      },
    });
    let droppedSeen = 0;
    new Counter({
      name: 'madoguchi_chat_log_dropped_turns_total',
      help: 'Chat turns dropped because the store failed for longer than the queue holds.',
      registers: [this.registry],
      collect() {
        const { dropped } = sources.logBacklog();
        if (dropped > droppedSeen) this.inc(dropped - droppedSeen);
        droppedSeen = dropped;
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  countResponse(request: FastifyRequest, reply: FastifyReply): void {
    const route = routeOf(request) ?? '(none)';
    this.#requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    this.#latency.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  }

  countError(code: string, status: number): void {
    this.#errors.inc({ code, status: String(status) });
  }

  countTurn(turn: Pick<ChatTurn, 'decision' | 'via'>): void {
    this.#turns.inc({ decision: turn.decision, via: turn.via });
  }

  countLogWriteError(): void {
    this.#logErrors.inc();
  }
}

/** The code of a response in the one error shape, or undefined. */
function errorCodeOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{"error":')) return undefined;
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Long enough that guessing it over the network is hopeless. */
const MIN_TOKEN_LENGTH = 16;

export class MetricsTokenError extends Error {
  override name = 'MetricsTokenError';
}

/**
 * MADOGUCHI_METRICS_TOKEN, a secret, so never a command-line flag (others on the machine can read those).
 *
 * @throws MetricsTokenError when it is set but too short to be a secret.
 */
export function metricsTokenFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env.MADOGUCHI_METRICS_TOKEN?.trim();
  if (!token) return undefined;
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new MetricsTokenError(`MADOGUCHI_METRICS_TOKEN は ${MIN_TOKEN_LENGTH} 文字以上にしてください（例: openssl rand -hex 32 で作れます）。`);
  }
  return token;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Counts every response, and serves `GET /metrics` to `Authorization: Bearer <token>`. Called only when a token
 * is set: without one there is no route (404), so the figures are never public by accident.
 *
 * @returns the metrics, for what the chat service reports.
 */
export function installMetrics(app: FastifyInstance, token: string, sources: MetricSources): AppMetrics {
  const metrics = new AppMetrics(sources);
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode >= 400) {
      const code = errorCodeOf(payload);
      if (code) metrics.countError(code, reply.statusCode);
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => metrics.countResponse(request, reply));

  // Digests have one length, so the comparison takes the same time whatever was sent.
  const expected = sha256(token);
  app.get(
    '/metrics',
    { schema: { tags: ['system'], summary: 'Prometheus metrics (Authorization: Bearer MADOGUCHI_METRICS_TOKEN)' } },
    async (request, reply) => {
      const sent = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(sha256(sent), expected)) {
        void reply.header('www-authenticate', 'Bearer');
        throw new ApiError(401, 'METRICS_TOKEN_INVALID', 'メトリクスを見るには、正しいトークンが必要です。');
      }
      return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.registry.metrics());
    },
  );
  return metrics;
}
