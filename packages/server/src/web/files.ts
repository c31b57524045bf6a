/**
 * Uploaded images and PDFs, public like the answers that show them. Sent with the type found from their
 * content at upload, `nosniff`, and cached for good (a file's id never changes meaning).
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { ApiError } from '../http/api-error.ts';
import type { Store } from '../store/store.ts';

export interface FileRoutesOptions {
  store: Store;
  siteId: string;
}

export const publicFileRoutes: FastifyPluginAsync<FileRoutesOptions> = async (app, { store, siteId }) => {
  app.get<{ Params: { id: string; name: string } }>(
    '/files/:id/:name',
    {
      schema: {
        tags: ['web'],
        summary: 'An image or PDF uploaded for answers',
        params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), name: Type.String({ maxLength: 300 }) }),
      },
    },
    async (request, reply) => {
      const found = await store.getFile(siteId, request.params.id);
      if (!found) throw new ApiError(404, 'FILE_NOT_FOUND', 'お探しのファイルは見つかりませんでした。');
      return reply
        .type(found.file.type)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(found.file.name)}`)
        .send(found.data);
    },
  );
};
