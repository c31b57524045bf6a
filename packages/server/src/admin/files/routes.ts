/**
 * Uploading images and PDFs for answers, and listing them. Uploads need an editor; the files themselves are
 * public (web/files.ts), as the answers that show them are.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { StoredFile } from '../../store/store.ts';
import { installAdminErrors, staffOf } from '../qas/errors.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { readErrors } from '../qas/schema.ts';
import { acceptUploads, uploadedBytes } from '../transfer/upload.ts';
import { filePath, MAX_FILE_BYTES, storeUpload } from './files.ts';
import { FileInfo, FileListReply, FileUploadRequest } from './schema.ts';

const tags = ADMIN_TAGS;

/** This server's address as the browser reached it (behind a proxy, with --trust-proxy). */
function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function describe(file: StoredFile, request: FastifyRequest): FileInfo {
  const url = `${origin(request)}${filePath(file)}`;
  const label = file.name.replace(/[[\]]/g, '');
  return {
    id: file.id,
    name: file.name,
    type: file.type,
    size: file.size,
    uploadedBy: file.uploadedBy,
    uploadedAt: file.uploadedAt,
    url,
    markdown: file.type.startsWith('image/') ? `![${label.replace(/\.[^.]*$/, '')}](${url})` : `[${label}](${url})`,
  };
}

export const fileRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);
  await acceptUploads(app, { maxBytes: MAX_FILE_BYTES, tooLarge: { code: 'FILE_TOO_LARGE', message: 'ファイルが大きすぎます。10 MB 以下にしてください。' } });

  app.get(
    '/files',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Uploaded images and PDFs, newest first', response: { 200: FileListReply, ...readErrors } } },
    async (request) => ({ files: (await context.store.listFiles(context.siteId)).map((file) => describe(file, request)) }),
  );

  app.post(
    '/files',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Upload an image or PDF for answers (type checked from the content, at most 10 MB)',
        consumes: ['multipart/form-data'],
        body: FileUploadRequest,
        response: { 201: FileInfo, ...readErrors },
      },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      const file = await storeUpload(context.store, context.siteId, request.body.file.name, uploadedBytes(request.body.file), staff.loginId);
      await context.audit(request, 'file.upload', file.id, { name: file.name, type: file.type, size: file.size });
      return reply.status(201).send(describe(file, request));
    },
  );
};
