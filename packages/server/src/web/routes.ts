/**
 * What browsers load from the server besides the API: the widget script, the full-page chat, a sample
 * host page and the default avatar.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { buildWidget } from '@madoguchi/widget';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CHARACTER_SETTING, resolveCharacter } from '../character/character.ts';
import type { SearchService } from '../search/search-service.ts';
import type { Store } from '../store/store.ts';
import { chatPage, demoPage } from './pages.ts';

export interface WebRoutesOptions {
  search: SearchService;
  store: Store;
  siteId: string;
}

/** A file kept in memory with its gzip form and validator. */
interface StaticAsset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  type: string;
}

function asset(body: Buffer, type: string): StaticAsset {
  return { body, gzipped: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, type };
}

// Our own pages load nothing but our own script and our API; answers may show the city's images.
const PAGE_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' https: data:; style-src 'self'; base-uri 'none'; form-action 'none'";

export const webRoutes: FastifyPluginAsync<WebRoutesOptions> = async (app, { search, store, siteId }) => {
  const widget = asset(Buffer.from((await buildWidget()).js), 'text/javascript; charset=utf-8');
  const avatar = asset(await readFile(new URL('./assets/avatar.svg', import.meta.url)), 'image/svg+xml');
  const pageStyle = asset(await readFile(new URL('./assets/chat-page.css', import.meta.url)), 'text/css; charset=utf-8');

  const sendAsset = (file: StaticAsset) => async (request: FastifyRequest, reply: FastifyReply) => {
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    // Each encoding is its own representation, so each has its own validator.
    const etag = gzip ? `${file.etag.slice(0, -1)}-gz"` : file.etag;
    // Short caching: a city's pages pick up a new widget version within minutes, and revalidation is cheap.
    void reply.header('cache-control', 'public, max-age=300').header('etag', etag).header('vary', 'accept-encoding').header('cross-origin-resource-policy', 'cross-origin');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    void reply.type(file.type);
    return gzip ? reply.header('content-encoding', 'gzip').send(file.gzipped) : reply.send(file.body);
  };
  app.get('/widget.js', { schema: { tags: ['web'], summary: 'The embed script: one <script> tag on a city page adds the chat' } }, sendAsset(widget));
  app.get('/assets/avatar.svg', { schema: { tags: ['web'], summary: 'The default character image' } }, sendAsset(avatar));
  app.get('/assets/chat-page.css', { schema: { tags: ['web'], summary: 'The full-page chat\'s page style' } }, sendAsset(pageStyle));

  const page = (render: typeof chatPage) => async (_request: FastifyRequest, reply: FastifyReply) => {
    const { character } = resolveCharacter(await store.getSetting(siteId, CHARACTER_SETTING));
    return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('cache-control', 'no-cache').send(render(character, search.facts));
  };
  app.get('/chat', { schema: { tags: ['web'], summary: 'The full-page chat the city links from its homepage' } }, page(chatPage));
  app.get('/demo', { schema: { tags: ['web'], summary: 'A sample city page with the widget embedded' } }, page(demoPage));
};
