/**
 * Files the server keeps in memory and serves with a gzip form and an ETag: the widget, the staff console's
 * script and style, images.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A file kept in memory with its gzip form and validator. */
export interface StaticAsset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  type: string;
}

/** @example asset(Buffer.from(js), 'text/javascript; charset=utf-8') */
export function asset(body: Buffer, type: string): StaticAsset {
  return { body, gzipped: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, type };
}

export interface SendAssetOptions {
  /** Default `public, max-age=300`. */
  cacheControl?: string;
  /** Default `cross-origin` (the widget is loaded by city pages on other origins). */
  resourcePolicy?: 'cross-origin' | 'same-origin';
}

/** @example app.get('/widget.js', sendAsset(widget)) */
export const sendAsset =
  (file: StaticAsset, options: SendAssetOptions = {}) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    // Each encoding is its own representation, so each has its own validator.
    const etag = gzip ? `${file.etag.slice(0, -1)}-gz"` : file.etag;
    void reply
      .header('cache-control', options.cacheControl ?? 'public, max-age=300')
      .header('etag', etag)
      .header('vary', 'accept-encoding')
      .header('cross-origin-resource-policy', options.resourcePolicy ?? 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    void reply.type(file.type);
    return gzip ? reply.header('content-encoding', 'gzip').send(file.gzipped) : reply.send(file.body);
  };

/**
 * Work started at registration and awaited by the handlers that need it (bundling with esbuild takes seconds on
 * a busy machine; Fastify gives a plugin ten). A failure is logged at once and answered as a 500 on request.
 */
export function settledLater<T>(work: Promise<T>, app: FastifyInstance): Promise<T> {
  work.catch((error: unknown) => app.log.error({ err: error }, 'bundling the browser code failed'));
  return work;
}
