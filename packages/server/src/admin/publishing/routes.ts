/**
 * Publishing (R26) in the console: what would change for citizens, the 一括テスト on both indexes, and the
 * publication itself, after which the citizen chat answers from the new set (the route returns once the
 * published index has been rebuilt).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { installAdminErrors, staffOf } from '../qas/errors.ts';
import { refreshIndex, settledIndex } from '../qas/index-refresh.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { qaChangeErrors, readErrors } from '../qas/schema.ts';
import { withWriteLock } from '../qas/write-lock.ts';
import { readTestCases } from '../test-cases/test-cases.ts';
import { checkCases, pendingChanges } from './publishing.ts';
import { PublishingCheckReply, PublishingReply, PublishRequest, PublishSummarySchema } from './schema.ts';

const tags = ADMIN_TAGS;

export const publishingRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);
  const { store, siteId } = context;

  app.get(
    '/publishing',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'What the next publication changes for citizens, and the last publication', response: { 200: PublishingReply, ...readErrors } } },
    async () => {
      const [pending, last] = await Promise.all([pendingChanges(store, siteId), store.lastPublication(siteId)]);
      return { pending, lastPublication: last ?? null };
    },
  );

  app.post(
    '/publishing/check',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Run the saved test cases on the published and the working index: which answers change, which cases newly fail or pass',
        response: { 200: PublishingCheckReply, ...readErrors },
      },
    },
    async () => {
      await Promise.all([settledIndex(context.working), settledIndex(context.published)]);
      const { value } = await readTestCases(store, siteId);
      return checkCases(value.cases, context.published, context.working);
    },
  );

  app.post(
    '/publishing',
    {
      config: { minRole: 'editor' },
      schema: { tags, summary: 'Publish: citizens are answered from the working set\'s 公開 QAs from now on', body: PublishRequest, response: { 200: PublishSummarySchema, ...qaChangeErrors } },
    },
    async (request) => {
      const summary = await withWriteLock(context, () => store.publish(siteId, staffOf(request).loginId));
      await refreshIndex(context.published, request.log);
      await context.audit(request, 'publish', '', { added: summary.added, changed: summary.changed, removed: summary.removed });
      return summary;
    },
  );
};
