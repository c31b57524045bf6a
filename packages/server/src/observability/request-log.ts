/**
 * Structured JSON logs (pino, through Fastify) with a request id on every line, and one access line per
 * request: method, route pattern, status, duration. Lines name the route pattern, never the address asked for
 * (a query string or a file name may hold personal data), never a body, and never the client's address: the
 * client is a keyed hash that tells one busy client from many and cannot be turned back into an address.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/** Where log lines go when not stdout (tests read them back). */
export interface LogDestination {
  write(line: string): void;
}

/** Request-id header on every response, so staff can quote it when they report a problem. */
const REQUEST_ID_HEADER = 'x-request-id';

/** The route pattern (`/files/:id/:name`), or null when no route matched (the path itself is not logged). */
export function routeOf(request: FastifyRequest): string | null {
  return request.routeOptions.url ?? null;
}

/** Fastify's request lines, replaced: one line when the response is done, nothing that names the address. */
class AccessLog extends LogController {
  // A new key each start: the same client has the same tag within a run, and no table can reverse it.
  readonly #key = randomBytes(32);

  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      client: createHmac('sha256', this.#key).update(request.ip).digest('base64url').slice(0, 12),
    };
    if (error) request.log.error({ ...line, err: error }, 'request');
    else request.log.info(line, 'request');
  }
}

/**
 * Fastify options for the logger: JSON lines, random request ids (a client's own id header is not trusted),
 * and the access line of {@link AccessLog}.
 *
 * @example Fastify({ ...loggingOptions(true) })
 */
export function loggingOptions(logger: boolean | LogDestination): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'logController'> {
  if (logger === false) return { logger: false };
  return {
    logger: {
      level: 'info',
      ...(logger === true ? {} : { stream: logger }),
      // What a line may say of a request when some code logs one: how it was asked for, never what was sent.
      serializers: { req: (request: FastifyRequest) => ({ method: request.method, route: routeOf(request) }) },
    },
    genReqId: () => randomUUID(),
    logController: new AccessLog(),
  };
}

/** The request id as a response header. */
export function installRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
}
