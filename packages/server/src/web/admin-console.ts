/**
 * The staff console (packages/admin): one HTML shell for every /admin/… address (the console routes in the
 * browser), and its script, the script's chunks and its style, bundled at start. Its API is /api/admin.
 */
import { ADMIN_CSP, adminShell, buildAdmin } from '@madoguchi/admin';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { asset, sendAsset, settledLater } from './static-asset.ts';

const SCRIPT_TYPE = 'text/javascript; charset=utf-8';

export const adminConsoleRoutes: FastifyPluginAsync = async (app) => {
  // Revalidated on every load (cheap with the ETag), so staff get a new console as soon as the server restarts.
  const own = { cacheControl: 'no-cache', resourcePolicy: 'same-origin' } as const;
  // A chunk's name carries a hash of its content: the same name never means other code.
  const hashed = { cacheControl: 'public, max-age=31536000, immutable', resourcePolicy: 'same-origin' } as const;
  // Bundled in the background: the server starts at once, and the first request for the console waits for it.
  const bundle = settledLater(
    buildAdmin().then((built) => ({
      script: sendAsset(asset(Buffer.from(built.js), SCRIPT_TYPE), own),
      style: sendAsset(asset(Buffer.from(built.css), 'text/css; charset=utf-8'), own),
      chunks: new Map([...built.chunks].map(([address, text]) => [address, sendAsset(asset(Buffer.from(text), SCRIPT_TYPE), hashed)])),
      shell: adminShell(built.initialChunks),
    })),
    app,
  );

  app.get('/admin/app.js', { schema: { tags: ['web'], summary: 'The staff console\'s script' } }, async (request, reply) => (await bundle).script(request, reply));
  app.get('/admin/app.css', { schema: { tags: ['web'], summary: 'The staff console\'s style sheet' } }, async (request, reply) => (await bundle).style(request, reply));
  // Everything under chunks/ is a script or not found, never the shell.
  app.get<{ Params: { '*': string } }>(
    '/admin/chunks/*',
    { schema: { tags: ['web'], summary: 'A part of the staff console\'s script, loaded by app.js', params: Type.Object({ '*': Type.String({ maxLength: 200 }) }) } },
    async (request, reply) => {
      const send = (await bundle).chunks.get(`chunks/${request.params['*']}`);
      return send ? send(request, reply) : reply.callNotFound();
    },
  );

  const sendShell = async (_request: unknown, reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', ADMIN_CSP)
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff')
      .send((await bundle).shell);
  app.get('/admin', { schema: { tags: ['web'], summary: 'The staff console (管理画面)' } }, sendShell);
  app.get('/admin/*', { schema: { tags: ['web'], summary: 'Any screen of the staff console: the same page, which shows the screen for the address', hide: true } }, sendShell);
};
