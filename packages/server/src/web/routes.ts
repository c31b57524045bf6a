/**
 * What browsers load from the server besides the API: the widget script, the full-page chat, a sample
 * host page, the default avatar, and the staff console (admin-console.ts).
 */
import { readFile } from 'node:fs/promises';
import { buildWidget } from '@madoguchi/widget';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CHARACTER_SETTING, resolveCharacter } from '../character/character.ts';
import type { SearchService } from '../search/search-service.ts';
import type { Store } from '../store/store.ts';
import { adminConsoleRoutes } from './admin-console.ts';
import { publicFileRoutes } from './files.ts';
import { chatPage, demoPage } from './pages.ts';
import { asset, sendAsset, settledLater } from './static-asset.ts';

export interface WebRoutesOptions {
  search: SearchService;
  store: Store;
  siteId: string;
  /** `frame-ancestors` of the full-page chat: the city's origins that may frame it (default `'none'`). */
  chatFrameAncestors?: string;
  /** `--answer-image-hosts`: the only hosts besides this server that the pages load images from. */
  answerImageHosts?: ReadonlySet<string>;
}

/**
 * Our own pages load nothing but our own script and our API; answers may show the city's images (any https
 * image, or with `--answer-image-hosts` those hosts' only).
 */
function pagePolicy(answerImageHosts: ReadonlySet<string> = new Set()): string {
  const images = answerImageHosts.size > 0 ? [...answerImageHosts].join(' ') : 'https:';
  return `default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' ${images} data:; style-src 'self'; base-uri 'none'; form-action 'none'`;
}

export const webRoutes: FastifyPluginAsync<WebRoutesOptions> = async (app, { search, store, siteId, chatFrameAncestors, answerImageHosts }) => {
  const policy = pagePolicy(answerImageHosts);
  // Bundled in the background: the server starts at once, and a first request for the script waits for it.
  const widget = settledLater(buildWidget().then(({ js }) => sendAsset(asset(Buffer.from(js), 'text/javascript; charset=utf-8'))), app);
  const avatar = asset(await readFile(new URL('./assets/avatar.svg', import.meta.url)), 'image/svg+xml');
  const pageStyle = asset(await readFile(new URL('./assets/chat-page.css', import.meta.url)), 'text/css; charset=utf-8');

  // Short caching (sendAsset's default): a city's pages pick up a new widget version within minutes, and
  // revalidation is cheap.
  app.get('/widget.js', { schema: { tags: ['web'], summary: 'The embed script: one <script> tag on a city page adds the chat' } }, async (request, reply) => (await widget)(request, reply));
  app.get('/assets/avatar.svg', { schema: { tags: ['web'], summary: 'The default character image' } }, sendAsset(avatar));
  app.get('/assets/chat-page.css', { schema: { tags: ['web'], summary: 'The full-page chat\'s page style' } }, sendAsset(pageStyle));

  // The character last read: while the database does not answer, the chat page still opens with it.
  let lastCharacterSetting: unknown;
  const characterSetting = async (request: FastifyRequest): Promise<unknown> => {
    try {
      lastCharacterSetting = await store.getSetting(siteId, CHARACTER_SETTING);
    } catch (error) {
      request.log.warn({ err: error }, 'chat page shown with the last character read: the store did not answer');
    }
    return lastCharacterSetting;
  };
  const page = (render: typeof chatPage, frameAncestors: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { character } = resolveCharacter(await characterSetting(request));
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', `${policy}; frame-ancestors ${frameAncestors}`)
      .header('cache-control', 'no-cache')
      .send(render(character, search.facts));
  };
  app.get('/chat', { schema: { tags: ['web'], summary: 'The full-page chat the city links from its homepage (or frames)' } }, page(chatPage, chatFrameAncestors ?? "'none'"));
  app.get('/demo', { schema: { tags: ['web'], summary: 'A sample city page with the widget embedded' } }, page(demoPage, "'none'"));
  await app.register(adminConsoleRoutes);
  await app.register(publicFileRoutes, { store, siteId });
};
