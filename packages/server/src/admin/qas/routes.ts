/**
 * The QA list and editor (R20), editing together (presence, optimistic locking), history and restore (R29),
 * the answer preview and the category list, under /api/admin. Every change is audited and the working index
 * (the test chat's) is rebuilt in the background; readers of that index wait for it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { renderAnswerHtml } from '../../chat/answer-html.ts';
import { ApiError } from '../../http/api-error.ts';
import { CITY_FACTS_SETTING, fillPlaceholders, type CityFacts } from '../../qa/placeholders.ts';
import { installAdminErrors, qaView, staffOf, validationFailed } from './errors.ts';
import { refreshIndex } from './index-refresh.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from './plugin-options.ts';
import { applyBulk, categoryTree, checkedContent, currentEditing, listQaSummaries, publicationState, withDefaults } from './qa-service.ts';
import {
  BulkReply,
  BulkRequest,
  CategoryListReply,
  CreateQaRequest,
  DeleteQaQuery,
  EditingReply,
  PreviewReply,
  PreviewRequest,
  QaDetailReply,
  QaListQuery,
  QaListReply,
  QaParams,
  QaView,
  qaChangeErrors,
  readErrors,
  RestoreRequest,
  RevisionListReply,
  RevisionParams,
  RevisionReply,
  UpdateQaRequest,
} from './schema.ts';
import { withWriteLock } from './write-lock.ts';

/** A QA with long answers and four translations is far above the chat's 64 KB. */
const QA_BODY_LIMIT = 1024 * 1024;
const tags = ADMIN_TAGS;

export const qaRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);
  const { store, siteId } = context;

  app.get(
    '/qas',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'List QAs with filters, sort and paging, how each stands against the published set, and who is editing what', querystring: QaListQuery, response: { 200: QaListReply, ...readErrors } },
    },
    async (request) => {
      const [page, editing] = await Promise.all([listQaSummaries(store, siteId, request.query), currentEditing(store, siteId)]);
      return { ...page, editing };
    },
  );

  app.get(
    '/qas/:id',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'One QA, and what citizens see of it now when that differs', params: QaParams, response: { 200: QaDetailReply, ...readErrors } },
    },
    async (request) => {
      const { id } = request.params;
      const [qa, published, editing] = await Promise.all([store.getQa(siteId, id), store.listPublishedQas(siteId), currentEditing(store, siteId)]);
      if (!qa) throw new ApiError(404, 'QA_NOT_FOUND', `管理番号 ${id} の QA は見つかりません（削除された可能性があります）。`);
      const live = published.find((p) => p.id === id);
      const state = publicationState(qa, live);
      return { qa: qaView(qa), published: state, publishedQa: state === 'changed' && live ? qaView(live) : null, editing: editing.filter((e) => e.qaId === id) };
    },
  );

  app.post(
    '/qas',
    {
      config: { minRole: 'editor' },
      bodyLimit: QA_BODY_LIMIT,
      schema: { tags, summary: 'Create a QA (status defaults to draft)', body: CreateQaRequest, response: { 201: QaView, ...qaChangeErrors } },
    },
    async (request, reply) => {
      const content = checkedContent(withDefaults(request.body));
      const saved = await withWriteLock(context, () => store.saveQa(siteId, content, { actor: staffOf(request).loginId, expectedVersion: null }));
      await context.audit(request, 'qa.create', saved.id, { version: saved.version });
      void refreshIndex(context.working, request.log);
      return reply.code(201).send(qaView(saved));
    },
  );

  app.put(
    '/qas/:id',
    {
      config: { minRole: 'editor' },
      bodyLimit: QA_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Save the whole QA, with the version that was read (409 CONFLICT with the stored QA when someone saved since)',
        params: QaParams,
        body: UpdateQaRequest,
        response: { 200: QaView, ...qaChangeErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { version, id: bodyId, ...fields } = request.body;
      if (bodyId !== undefined && bodyId !== id) {
        throw validationFailed([{ field: 'id', column: '管理番号', message: '管理番号は変更できません。新しい管理番号で作成し、元の QA を削除してください。' }]);
      }
      const content = checkedContent({ ...fields, id });
      const saved = await withWriteLock(context, () => store.saveQa(siteId, content, { actor: staffOf(request).loginId, expectedVersion: version }));
      await context.audit(request, 'qa.update', id, { version: saved.version });
      void refreshIndex(context.working, request.log);
      return qaView(saved);
    },
  );

  app.delete(
    '/qas/:id',
    {
      config: { minRole: 'editor' },
      schema: { tags, summary: 'Delete a QA at the version that was read (its history is kept)', params: QaParams, querystring: DeleteQaQuery, response: { 204: Type.Null(), ...qaChangeErrors } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const version = Number(request.query.version);
      await withWriteLock(context, () => store.deleteQa(siteId, id, { actor: staffOf(request).loginId, expectedVersion: version }));
      await context.audit(request, 'qa.delete', id, { version });
      void refreshIndex(context.working, request.log);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/qas/bulk',
    {
      config: { minRole: 'editor' },
      bodyLimit: QA_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Set the status of, move (大分類/中分類) or delete many QAs at once; refused as a whole when any id is unknown',
        body: BulkRequest,
        response: { 200: BulkReply, ...qaChangeErrors },
      },
    },
    async (request) => {
      const { action, ids, status, category1, category2 } = request.body;
      const result = await withWriteLock(context, () => applyBulk(store, siteId, staffOf(request).loginId, request.body));
      await context.audit(request, 'qa.bulk', '', {
        action,
        count: ids.length,
        changed: result.changed,
        ids: ids.slice(0, 200),
        ...(status === undefined ? {} : { status }),
        ...(category1 === undefined ? {} : { category1, category2: category2 ?? '' }),
      });
      if (result.changed > 0) void refreshIndex(context.working, request.log);
      return result;
    },
  );

  app.post(
    '/qas/:id/editing',
    {
      config: { minRole: 'editor' },
      schema: { tags, summary: 'Heartbeat: I have this QA open (send every 15 seconds; it counts for 45)', params: QaParams, response: { 200: EditingReply, ...qaChangeErrors } },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await store.getQa(siteId, id))) throw new ApiError(404, 'QA_NOT_FOUND', `管理番号 ${id} の QA は見つかりません（削除された可能性があります）。`);
      const now = new Date();
      await store.markEditing(siteId, staffOf(request).loginId, id, now.toISOString());
      return { editing: (await currentEditing(store, siteId, now)).filter((e) => e.qaId === id) };
    },
  );

  app.delete(
    '/qas/:id/editing',
    {
      config: { minRole: 'editor' },
      schema: { tags, summary: 'I closed the editor', params: QaParams, response: { 204: Type.Null(), ...qaChangeErrors } },
    },
    async (request, reply) => {
      await store.markEditing(siteId, staffOf(request).loginId, null, new Date().toISOString());
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/qas/:id/revisions',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'The QA\'s history, newest first (also for a deleted QA)', params: QaParams, response: { 200: RevisionListReply, ...readErrors } },
    },
    async (request) => {
      const { id } = request.params;
      const [revisions, qa] = await Promise.all([store.listRevisions(siteId, id), store.getQa(siteId, id)]);
      if (revisions.length === 0) throw new ApiError(404, 'QA_NOT_FOUND', `管理番号 ${id} の QA には履歴がありません。`);
      return {
        items: revisions.reverse().map((r) => ({ version: r.version, action: r.action, actor: r.actor, at: r.at, question: r.content.question, status: r.content.status })),
        currentVersion: qa?.version ?? null,
      };
    },
  );

  app.get(
    '/qas/:id/revisions/:version',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'One revision with its whole content', params: RevisionParams, response: { 200: RevisionReply, ...readErrors } },
    },
    async (request) => {
      const { id } = request.params;
      const version = Number(request.params.version);
      const revision = (await store.listRevisions(siteId, id)).find((r) => r.version === version);
      if (!revision) throw new ApiError(404, 'REVISION_NOT_FOUND', `管理番号 ${id} の版 ${version} は見つかりません。`);
      return { version: revision.version, action: revision.action, actor: revision.actor, at: revision.at, content: revision.content };
    },
  );

  app.post(
    '/qas/:id/revisions/:version/restore',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Save a revision\'s content as a new version (expectedVersion: the stored version read, or null to re-create a deleted QA)',
        params: RevisionParams,
        body: RestoreRequest,
        response: { 200: QaView, ...qaChangeErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const version = Number(request.params.version);
      const { expectedVersion } = request.body;
      const saved = await withWriteLock(context, async () => {
        const revision = (await store.listRevisions(siteId, id)).find((r) => r.version === version);
        if (!revision) throw new ApiError(404, 'REVISION_NOT_FOUND', `管理番号 ${id} の版 ${version} は見つかりません。`);
        return store.saveQa(siteId, revision.content, { actor: staffOf(request).loginId, expectedVersion });
      });
      await context.audit(request, 'qa.restore', id, { from: version, version: saved.version });
      void refreshIndex(context.working, request.log);
      return qaView(saved);
    },
  );

  app.post(
    '/preview',
    {
      config: { minRole: 'viewer' },
      bodyLimit: QA_BODY_LIMIT,
      schema: { tags, summary: 'An answer\'s Markdown as citizens would see it (the city facts filled in, the same sanitising)', body: PreviewRequest, response: { 200: PreviewReply, ...readErrors } },
    },
    async (request) => {
      const facts = (await store.getSetting<CityFacts>(siteId, CITY_FACTS_SETTING)) ?? {};
      return { html: renderAnswerHtml(fillPlaceholders(request.body.answer, facts), { baseUrl: facts['市ホームページ'], imageHosts: context.answerImageHosts }) };
    },
  );

  app.get(
    '/categories',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'The 大分類 and 中分類 in use, with QA counts (drafts included)', response: { 200: CategoryListReply, ...readErrors } },
    },
    async () => ({ items: await categoryTree(store, siteId) }),
  );
};
