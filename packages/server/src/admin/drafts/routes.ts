/**
 * QA drafts from city content (issue 7, R27) under /api/admin/drafts: start a job over page addresses, a
 * sitemap or uploaded HTML/PDF files (it runs in the background; poll its progress), list the review queue,
 * and accept a draft as a QA (下書き, 非公開: publishing stays the 公開 screen's job) or reject it. Accepting
 * goes through the QA editor's path (validation, write lock, audit `qa.create`, working index rebuilt).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DRAFT_JOB_LIMITS, DraftJobRefused, type DraftJobSource } from '../../ai/drafts/draft-job.ts';
import { PageFetchError, webAddress } from '../../ai/sources/fetch-page.ts';
import { ApiError } from '../../http/api-error.ts';
import { qaView, staffOf, toApiError, validationFailed } from '../qas/errors.ts';
import { refreshIndex } from '../qas/index-refresh.ts';
import { ADMIN_TAGS } from '../qas/plugin-options.ts';
import { readErrors } from '../qas/schema.ts';
import type { AdminContext } from '../context.ts';
import { acceptUploads, uploadedBytes } from '../transfer/upload.ts';
import { acceptDraft, draftJobsOf, draftView, nextQaId } from './draft-service.ts';
import {
  AcceptDraftReply,
  AcceptDraftRequest,
  DraftFilesRequest,
  DraftJobListReply,
  DraftJobParams,
  DraftJobReply,
  DraftJobRequest,
  DraftListQuery,
  DraftListReply,
  DraftParams,
  RejectDraftReply,
  draftErrors,
  draftJobErrors,
} from './schema.ts';

export interface DraftRoutesOptions {
  context: AdminContext;
  now?: () => Date;
}

const tags = ADMIN_TAGS;
const DEFAULT_PAGE_SIZE = 50;
/** An accepted draft's fields: a long answer and many alternates are far above the default 64 KB. */
const ACCEPT_BODY_LIMIT = 1024 * 1024;

/**
 * The pages of a JSON request, checked: either addresses or a sitemap.
 *
 * @throws ApiError VALIDATION_FAILED naming the field.
 */
function jobSource(body: DraftJobRequest): DraftJobSource {
  const { urls, sitemap } = body;
  if ((urls === undefined) === (sitemap === undefined)) {
    throw validationFailed([{ field: 'urls', message: 'ページのアドレス（1行に1つ）か、サイトマップのアドレスのどちらか一方を入力してください。' }]);
  }
  const checked = (field: string, address: string): string => {
    try {
      return webAddress(address).href;
    } catch (error) {
      if (error instanceof PageFetchError) throw validationFailed([{ field, message: error.message }]);
      throw error;
    }
  };
  if (sitemap !== undefined) {
    return { kind: 'sitemap', url: checked('sitemap', sitemap), pathPrefix: body.pathPrefix?.trim() || null, maxPages: body.maxPages ?? DRAFT_JOB_LIMITS.defaultSitemapPages };
  }
  return { kind: 'urls', urls: [...new Set(urls!.map((url) => checked('urls', url)))] };
}

function refused(error: unknown): never {
  if (error instanceof DraftJobRefused) {
    // 'stopped' (shutting down) is rare here: Fastify answers 503 itself to requests arriving while it closes.
    throw error.reason === 'no-model' ? new ApiError(503, 'MODEL_NOT_CONFIGURED', error.message) : new ApiError(429, 'RATE_LIMITED', error.message);
  }
  throw error;
}

export const draftRoutes: FastifyPluginAsyncTypebox<DraftRoutesOptions> = async (app, { context, now = () => new Date() }) => {
  // The admin error mapping (installAdminErrors), and a readable message for too many files.
  app.setErrorHandler((error) => {
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT') {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `ファイルは一度に ${DRAFT_JOB_LIMITS.maxFiles} 個までです。分けて送ってください。`);
    }
    throw toApiError(error) ?? error;
  });
  await acceptUploads(app, {
    maxBytes: DRAFT_JOB_LIMITS.maxFileBytes,
    maxFiles: DRAFT_JOB_LIMITS.maxFiles,
    tooLarge: { code: 'PAYLOAD_TOO_LARGE', message: `ファイルが大きすぎます（1つ ${DRAFT_JOB_LIMITS.maxFileBytes / 1024 / 1024} MB まで）。` },
  });
  const { store, siteId } = context;
  const jobs = draftJobsOf(context, (error) => app.log.error({ err: error }, 'QA draft job failed'));
  // Shutdown: running jobs stop fetching at once and store nothing more, before the store is closed.
  app.addHook('onClose', () => jobs.stop());

  app.post(
    '/drafts/jobs',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Start making QA drafts from page addresses (urls) or a sitemap, in the background (202); poll GET /drafts/jobs/:id',
        body: DraftJobRequest,
        response: { 202: DraftJobReply, ...draftJobErrors },
      },
    },
    async (request, reply) => {
      const source = jobSource(request.body);
      const useModel = request.body.useModel ?? false;
      let job;
      try {
        job = jobs.start(source, { useModel, actor: staffOf(request).loginId });
      } catch (error) {
        refused(error);
      }
      await context.audit(request, 'drafts.job', job.id, {
        source: source.kind,
        useModel,
        ...(source.kind === 'urls' ? { pages: source.urls.length } : source.kind === 'sitemap' ? { sitemap: source.url, pathPrefix: source.pathPrefix, maxPages: source.maxPages } : {}),
      });
      return reply.code(202).send({ job });
    },
  );

  app.post(
    '/drafts/jobs/files',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: `Start making QA drafts from uploaded HTML or PDF files (multipart: file × at most ${DRAFT_JOB_LIMITS.maxFiles}, useModel) in the background (202)`,
        consumes: ['multipart/form-data'],
        body: DraftFilesRequest,
        response: { 202: DraftJobReply, ...draftJobErrors },
      },
    },
    async (request, reply) => {
      const uploaded = Array.isArray(request.body.file) ? request.body.file : [request.body.file];
      const files = uploaded.map((file) => ({ name: file.name.trim() || 'ファイル', bytes: uploadedBytes(file) }));
      const useModel = request.body.useModel === 'true';
      let job;
      try {
        job = jobs.start({ kind: 'files', files }, { useModel, actor: staffOf(request).loginId });
      } catch (error) {
        refused(error);
      }
      await context.audit(request, 'drafts.job', job.id, { source: 'files', useModel, files: files.map((f) => f.name).slice(0, DRAFT_JOB_LIMITS.maxFiles) });
      return reply.code(202).send({ job });
    },
  );

  app.get(
    '/drafts/jobs',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'The draft jobs this server process remembers, newest first', response: { 200: DraftJobListReply, ...readErrors } },
    },
    async () => ({ jobs: jobs.list() }),
  );

  app.get(
    '/drafts/jobs/:id',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'A draft job\'s progress: pages done of total, drafts made, pages that failed and why', params: DraftJobParams, response: { 200: DraftJobReply, ...readErrors } },
    },
    async (request) => {
      const job = jobs.get(request.params.id);
      if (!job) throw new ApiError(404, 'DRAFT_JOB_NOT_FOUND', 'この作成の状況は見つかりません。サーバーが再起動した可能性があります（作られた下書き候補は一覧に残っています）。');
      return { job };
    },
  );

  app.get(
    '/drafts',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'The QA draft review queue, newest first, with a free 管理番号 to suggest and whether AI drafts can be made',
        querystring: DraftListQuery,
        response: { 200: DraftListReply, ...readErrors },
      },
    },
    async (request) => {
      const { status } = request.query;
      // A pending draft may already have its QA: an accept cut short between its two writes (see acceptDraft).
      const [page, qas] = await Promise.all([
        store.listQaDrafts(siteId, { ...(status ? { status } : {}), limit: Number(request.query.limit ?? DEFAULT_PAGE_SIZE), offset: Number(request.query.offset ?? 0) }),
        store.listQas(siteId),
      ]);
      const { maxUrls, maxSitemapPages, defaultSitemapPages, maxFiles, maxFileBytes } = DRAFT_JOB_LIMITS;
      return {
        drafts: page.drafts.map(draftView),
        total: page.total,
        nextQaId: nextQaId(qas.map((qa) => qa.id)),
        chatModelConfigured: context.models.chat !== null,
        limits: { maxUrls, maxSitemapPages, defaultSitemapPages, maxFiles, maxFileBytes },
      };
    },
  );

  app.post(
    '/drafts/:id/accept',
    {
      config: { minRole: 'editor' },
      bodyLimit: ACCEPT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Register the draft, as edited, as a new QA with status draft (非公開) and its page as source URL; the draft leaves the queue',
        params: DraftParams,
        body: AcceptDraftRequest,
        response: { 200: AcceptDraftReply, ...draftErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { qa, draft, created } = await acceptDraft(context, staffOf(request).loginId, id, request.body, now());
      if (created) await context.audit(request, 'qa.create', qa.id, { version: qa.version, from: 'drafts' });
      await context.audit(request, 'drafts.accept', id, { qaId: qa.id, method: draft.method, source: draft.sourceUrl ?? draft.sourceName, ...(created ? {} : { existingQa: true }) });
      void refreshIndex(context.working, request.log);
      return { qa: qaView(qa), draft: draftView(draft) };
    },
  );

  app.post(
    '/drafts/:id/reject',
    {
      config: { minRole: 'editor' },
      schema: { tags, summary: 'Reject the draft; it leaves the queue', params: DraftParams, response: { 200: RejectDraftReply, ...draftErrors } },
    },
    async (request) => {
      const { id } = request.params;
      const draft = await store.resolveQaDraft(siteId, id, { status: 'rejected', actor: staffOf(request).loginId, at: now().toISOString(), qaId: null });
      await context.audit(request, 'drafts.reject', id, { method: draft.method, source: draft.sourceUrl ?? draft.sourceName });
      return { draft: draftView(draft) };
    },
  );
};
