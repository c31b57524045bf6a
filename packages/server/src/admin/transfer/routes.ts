/**
 * Import and export in the console (R21): preview an upload with every problem and what would change (nothing
 * is stored), apply it as one all-or-nothing import, and export the QAs (with the list's filters) as CSV,
 * Excel or JSONL. Imports and exports are audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QA_IO_LIMITS, writeQaFile, type QaFileFormat } from '../../qa/io/index.ts';
import { ApiError } from '../../http/api-error.ts';
import { installAdminErrors, staffOf } from '../qas/errors.ts';
import { refreshIndex } from '../qas/index-refresh.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { filterQas } from '../qas/qa-service.ts';
import { qaChangeErrors, QaFilterQuery, readErrors } from '../qas/schema.ts';
import { withWriteLock } from '../qas/write-lock.ts';
import { TransferApplyReply, TransferPreviewReply, TransferRequest } from './schema.ts';
import { parseMapping, planImport, refusal } from './transfer-service.ts';
import { acceptUploads, FileDownload } from './upload.ts';
import { japanDay } from '../../time/japan-time.ts';

const tags = ADMIN_TAGS;

const CONTENT_TYPES: Record<QaFileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
};


export const transferRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);
  await acceptUploads(app, {
    maxBytes: QA_IO_LIMITS.maxFileBytes,
    tooLarge: { code: 'QA_FILE_TOO_LARGE', message: `ファイルが大きすぎます（上限 ${QA_IO_LIMITS.maxFileBytes / 1024 / 1024} MB）。` },
  });
  const { store, siteId } = context;

  // One file read at a time per site (this plugin serves one site): a large workbook takes a worker thread and
  // up to a gigabyte for a while, and a second one at once would only compete with it.
  let reading = false;
  const oneAtATime = async <T>(work: () => Promise<T>): Promise<T> => {
    if (reading) throw new ApiError(409, 'IMPORT_RUNNING', 'ほかの取り込み（または取り込みの確認）を処理しています。終わってから、もう一度お試しください。');
    reading = true;
    try {
      return await work();
    } finally {
      reading = false;
    }
  };

  app.post(
    '/transfer/preview',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Read an uploaded QA file (multipart: file, mapping?, mode?) and show its rows, every problem and what an import would change; nothing is stored',
        consumes: ['multipart/form-data'],
        body: TransferRequest,
        response: { 200: TransferPreviewReply, ...qaChangeErrors, 413: qaChangeErrors[400] },
      },
    },
    async (request) => {
      const { file, mapping, mode } = request.body;
      return (await oneAtATime(() => planImport(store, siteId, file, parseMapping(mapping), mode ?? 'merge'))).preview;
    },
  );

  app.post(
    '/transfer/apply',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Import an uploaded QA file (the same fields as the preview): everything or nothing; 400 QA_FILE_INVALID lists every problem',
        consumes: ['multipart/form-data'],
        body: TransferRequest,
        response: { 200: TransferApplyReply, ...qaChangeErrors, 413: qaChangeErrors[400] },
      },
    },
    async (request) => {
      const { file, mapping, mode = 'merge' } = request.body;
      const columns = parseMapping(mapping);
      const summary = await oneAtATime(() =>
        withWriteLock(context, async () => {
          const plan = await planImport(store, siteId, file, columns, mode);
          if (plan.preview.errors.length > 0) throw refusal(plan);
          return store.importQas(siteId, plan.contents, { actor: staffOf(request).loginId, mode });
        }),
      );
      await context.audit(request, 'qa.import', '', { file: file.name, mode, ...summary });
      if (summary.created + summary.updated + summary.deleted > 0) void refreshIndex(context.working, request.log);
      return { summary };
    },
  );

  for (const format of ['csv', 'xlsx', 'jsonl'] as const) {
    app.get(
      `/transfer/export.${format}`,
      {
        config: { minRole: 'viewer' },
        schema: {
          tags,
          summary: `Export the QAs matching the list's filters as ${format.toUpperCase()} (audited as qa.export)`,
          querystring: QaFilterQuery,
          produces: [CONTENT_TYPES[format].split(';')[0]!],
          response: { 200: FileDownload, ...readErrors },
        },
      },
      async (request, reply) => {
        const found = await filterQas(store, siteId, request.query);
        const bytes = await writeQaFile(
          found.map((f) => f.qa),
          format,
        );
        await context.audit(request, 'qa.export', '', { format, count: found.length, filters: request.query });
        return reply
          .header('content-type', CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="madoguchi-qa-${japanDay(new Date()).replaceAll('-', '')}.${format}"`)
          .send(bytes);
      },
    );
  }
};
