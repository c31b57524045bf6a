/**
 * The improvement loop (issue 5) under /api/admin/improvement: failed citizen questions grouped by need,
 * biggest first; adding a group's questions as alternates of a QA (a working-set change like any save in
 * the QA editor: citizens see it after the next publication); marking questions handled (a new QA drafted
 * from them, or dismissed). Every action is audited; reviewed questions leave the list.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../../http/api-error.ts';
import type { AdminContext } from '../context.ts';
import { installAdminErrors, qaView, staffOf, validationFailed } from '../qas/errors.ts';
import { refreshIndex } from '../qas/index-refresh.ts';
import { ADMIN_TAGS } from '../qas/plugin-options.ts';
import { qaChangeErrors, readErrors } from '../qas/schema.ts';
import { addAlternates, distinctQuestions, failedQuestionGroups, periodOf } from './improvement-service.ts';
import { AddAlternatesReply, AddAlternatesRequest, ImprovementGroupsQuery, ImprovementGroupsReply, ReviewQuestionsReply, ReviewQuestionsRequest } from './schema.ts';

export interface ImprovementRoutesOptions {
  context: AdminContext;
  now?: () => Date;
}

const tags = ADMIN_TAGS;

export const improvementRoutes: FastifyPluginAsyncTypebox<ImprovementRoutesOptions> = async (app, { context, now = () => new Date() }) => {
  installAdminErrors(app);
  const { store, siteId } = context;

  app.get(
    '/improvement/groups',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Failed citizen questions not yet handled, grouped by need against the working set, biggest group first',
        querystring: ImprovementGroupsQuery,
        response: { 200: ImprovementGroupsReply, ...readErrors },
      },
    },
    async (request) => {
      const days = periodOf(request.query, now());
      return { ...days, ...(await failedQuestionGroups(context, days)) };
    },
  );

  app.post(
    '/improvement/alternates',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Add failed questions as alternates of a working-set QA (409 CONFLICT when it changed since read); they leave the list',
        body: AddAlternatesRequest,
        response: { 200: AddAlternatesReply, ...qaChangeErrors },
      },
    },
    async (request) => {
      const { qaId } = request.body;
      const questions = distinctQuestions(request.body.questions);
      const actor = staffOf(request).loginId;
      const result = await addAlternates(context, actor, { ...request.body, questions });
      if (result.saved) {
        await context.audit(request, 'qa.update', qaId, { version: result.qa.version, from: 'improvement', alternatesAdded: result.added.length });
        void refreshIndex(context.working, request.log);
      }
      await store.reviewQuestions(siteId, questions, { action: 'alternate', qaId, actor, at: now().toISOString() });
      await context.audit(request, 'improvement.review', qaId, { action: 'alternate', questions: questions.length });
      return { qa: qaView(result.qa), added: result.added, alreadyPresent: result.alreadyPresent };
    },
  );

  app.post(
    '/improvement/reviews',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Mark failed questions handled: a new QA was drafted from them (qaId), or they were dismissed; they leave the list',
        body: ReviewQuestionsRequest,
        response: { 200: ReviewQuestionsReply, ...qaChangeErrors },
      },
    },
    async (request) => {
      const { action, qaId } = request.body;
      const questions = distinctQuestions(request.body.questions);
      if (action === 'draft' && qaId === undefined) throw validationFailed([{ field: 'qaId', message: '質問から作った QA の管理番号を指定してください。' }]);
      if (action === 'dismiss' && qaId !== undefined) throw validationFailed([{ field: 'qaId', message: '対象外にするときは、QA の管理番号を指定しないでください。' }]);
      if (qaId !== undefined && !(await store.getQa(siteId, qaId))) {
        throw new ApiError(404, 'QA_NOT_FOUND', `管理番号 ${qaId} の QA は見つかりません（削除された可能性があります）。`);
      }
      await store.reviewQuestions(siteId, questions, { action, qaId: qaId ?? null, actor: staffOf(request).loginId, at: now().toISOString() });
      await context.audit(request, 'improvement.review', qaId ?? '', { action, questions: questions.length });
      return { reviewed: questions.length };
    },
  );
};
