/**
 * How much a request may be, and how long it may take to arrive. Bodies are limited per kind of route: the
 * citizen API takes a short question, staff JSON a little more (routes that save QAs, settings or the
 * dictionary raise their own), uploads are multipart with their own limits. Requests that break HTTP itself,
 * or an address the router cannot read, never reach a route; they are answered here in the one error shape.
 */
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ApiErrorCode } from '../http/api-error.ts';

/** Staff JSON and anything else that sets no limit of its own. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** The citizen API: a 500-character question, a page address and a few ids fit several times over. */
const CITIZEN_BODY_LIMIT = 16 * 1024;
/**
 * A request must have arrived whole within this, so clients that drip bytes cannot hold sockets for ever.
 * Generous for a 20 MB import over a slow office line; behind a proxy the proxy buffers it first.
 */
export const REQUEST_TIMEOUT_MS = 120_000;

/** Gives the citizen API's routes their smaller body limit; call before routes are registered. */
export function installBodyLimits(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/')) route.bodyLimit ??= CITIZEN_BODY_LIMIT;
  });
}

const BASELINE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

function errorBody(code: ApiErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** Malformed HTTP (Node's parser refused it): Fastify's `clientErrorHandler`. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ApiErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'ブラウザーから送られた情報（Cookie など）が大きすぎます。このサイトの Cookie を削除してから、もう一度お試しください。']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', '送信に時間がかかりすぎたため、受付を中止しました。もう一度お試しください。']
        : [400, 'INVALID_REQUEST', '送信された内容を受け付けられませんでした。'];
  const body = errorBody(code, message);
  if (socket.writable) {
    const headers = Object.entries({ ...BASELINE_HEADERS, 'content-length': String(Buffer.byteLength(body)), connection: 'close' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers}\r\n${body}`);
  }
  socket.destroy();
}

/** An address the router cannot decode, or a path segment too long: Fastify's `frameworkErrors`. */
export function answerFrameworkError(_error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(400).headers(BASELINE_HEADERS).send(errorBody('INVALID_REQUEST', 'ページのアドレスが正しくありません。'));
}

/**
 * JSON bodies whose text is not well-formed Unicode (a lone surrogate sent as "\ud800") are refused with 400:
 * no route, no log line and no analysis ever sees half a character.
 */
export function installWellFormedJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) done(error);
      else if (!isWellFormedJson(value)) done(new ApiError(400, 'INVALID_TEXT', '送信された内容に、文字として読めないデータが含まれています。入力し直してください。'));
      else done(null, value);
    });
  });
}

/** Walks the parsed body with a stack of its own: a body nested 30,000 levels deep must not overflow the call stack. */
function isWellFormedJson(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (!item.isWellFormed()) return false;
    } else if (Array.isArray(item)) {
      for (const member of item) pending.push(member);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, member] of Object.entries(item)) {
        if (!key.isWellFormed()) return false;
        pending.push(member);
      }
    }
  }
  return true;
}
