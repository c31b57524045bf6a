/**
 * The AI model screen's routes under /api/admin/models: each endpoint's status with the last 30 days of
 * usage (viewers and up), and the connection check (administrators: it spends tokens; audited `models.check`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkModels } from '../../ai/models/model-check.ts';
import { addDays, japanDay } from '../../time/japan-time.ts';
import type { AdminContext } from '../context.ts';
import { installAdminErrors } from '../qas/errors.ts';
import { ADMIN_TAGS } from '../qas/plugin-options.ts';
import { readErrors } from '../qas/schema.ts';
import { ModelsCheckReply, ModelsStatusReply } from './schema.ts';
import { statusView, usageReport } from './usage-report.ts';

export interface ModelRoutesOptions {
  context: AdminContext;
  now?: () => Date;
}

const USAGE_DAYS = 30;
const RECENT_CALLS = 20;
const tags = ADMIN_TAGS;

export const modelRoutes: FastifyPluginAsyncTypebox<ModelRoutesOptions> = async (app, { context, now = () => new Date() }) => {
  installAdminErrors(app);
  const { store, siteId, models } = context;

  app.get(
    '/models/status',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Each model endpoint: configured or not, model, endpoint, last success and failure; usage of the last 30 days with estimated cost; the latest 20 calls',
        response: { 200: ModelsStatusReply, ...readErrors },
      },
    },
    async () => {
      const to = japanDay(now());
      const range = { from: addDays(to, -(USAGE_DAYS - 1)), to };
      const statuses = models.status();
      const [rows, recent] = await Promise.all([store.modelUsageTotals(siteId, range), store.listModelUsage(siteId, RECENT_CALLS)]);
      return { statuses: statuses.map(statusView), usage: usageReport(rows, statuses, range), recent };
    },
  );

  app.post(
    '/models/check',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Send one tiny request to each configured endpoint (logged with purpose check; audited models.check) and return what each did',
        response: { 200: ModelsCheckReply, ...readErrors },
      },
    },
    async (request) => {
      const results = await checkModels(models);
      const outcome = Object.fromEntries(results.map((r) => [r.kind, r.configured ? (r.ok ? 'ok' : 'failed') : 'not-configured']));
      await context.audit(request, 'models.check', '', outcome);
      return { results, statuses: models.status().map(statusView) };
    },
  );
};
