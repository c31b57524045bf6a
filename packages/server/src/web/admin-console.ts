/**
 * The staff console (packages/admin): one HTML shell for every /admin/… address (the console routes in the
 * browser), and its script and style, bundled at start. Its API is /api/admin.
 */
import { ADMIN_CSP, adminShell, buildAdmin } from '@madoguchi/admin';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { asset, sendAsset } from './static-asset.ts';

export const adminConsoleRoutes: FastifyPluginAsync = async (app) => {
  const built = await buildAdmin();
  const script = asset(Buffer.from(built.js), 'text/javascript; charset=utf-8');
  const style = asset(Buffer.from(built.css), 'text/css; charset=utf-8');
  const shell = adminShell();

  // Revalidated on every load (cheap with the ETag), so staff get a new console as soon as the server restarts.
  const own = { cacheControl: 'no-cache', resourcePolicy: 'same-origin' } as const;
  app.get('/admin/app.js', { schema: { tags: ['web'], summary: 'The staff console\'s script' } }, sendAsset(script, own));
  app.get('/admin/app.css', { schema: { tags: ['web'], summary: 'The staff console\'s style sheet' } }, sendAsset(style, own));

  const sendShell = async (_request: unknown, reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', ADMIN_CSP)
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff')
      .send(shell);
  app.get('/admin', { schema: { tags: ['web'], summary: 'The staff console (管理画面)' } }, sendShell);
  app.get('/admin/*', { schema: { tags: ['web'], summary: 'Any screen of the staff console: the same page, which shows the screen for the address', hide: true } }, sendShell);
};
