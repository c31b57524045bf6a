/**
 * 情報源と見直し (issue 7, source freshness) under /api/admin/sources: the QAs to look at again by department
 * (a source page changed or disappeared, or the review cycle ran out), checking the source pages now,
 * confirming a QA (audited `qa.reviewed`), and the review cycle setting (audited `settings.update`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reviewCycleDays, reviewList, SOURCE_REVIEW_SETTING, MAX_CYCLE_DAYS, MIN_CYCLE_DAYS, type SourceReview } from '../../ai/freshness/review-list.ts';
import { SOURCE_CHECK_AUDIT, type SourceCheckRunner } from '../../ai/freshness/source-check-job.ts';
import { ApiError } from '../../http/api-error.ts';
import { CITY_FACTS_SETTING, type CityFacts } from '../../qa/placeholders.ts';
import { japanDay } from '../../time/japan-time.ts';
import type { AdminContext } from '../context.ts';
import { installAdminErrors, staffOf, validationFailed } from '../qas/errors.ts';
import { ADMIN_TAGS } from '../qas/plugin-options.ts';
import { AdminErrorReply, readErrors } from '../qas/schema.ts';
import { settingErrors } from '../settings/schema.ts';
import { readSetting, saveSetting, type SettingState } from '../settings/setting-store.ts';
import {
  MarkReviewedReply,
  MarkReviewedRequest,
  SourceCheckStateReply,
  SourceReviewReply,
  SourceReviewSettingReply,
  SourceReviewSettingRequest,
  type SourceCheckRunView,
} from './schema.ts';

export interface SourceRoutesOptions {
  context: AdminContext;
  /** Runs the checks; undefined when this server fetches no source pages (--no-source-checks). */
  checks: SourceCheckRunner | undefined;
  now?: () => Date;
}

const tags = ADMIN_TAGS;
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

export const sourceRoutes: FastifyPluginAsyncTypebox<SourceRoutesOptions> = async (app, { context, checks, now = () => new Date() }) => {
  installAdminErrors(app);
  const { store, siteId } = context;
  const cycle = (state: SettingState<SourceReview>): SourceReviewSettingReply => ({ ...state, value: { cycleDays: reviewCycleDays(state.value) } });

  const lastRun = async (): Promise<SourceCheckRunView | null> => {
    const [entry] = (await store.listAudit(siteId, { action: SOURCE_CHECK_AUDIT, limit: 1 })).entries;
    if (!entry) return null;
    const { detail } = entry;
    return {
      at: entry.at,
      actor: entry.actor,
      trigger: detail.trigger === 'staff' ? 'staff' : 'schedule',
      sources: count(detail.sources),
      checked: count(detail.checked),
      changed: count(detail.changed),
      missing: count(detail.missing),
      errors: count(detail.errors),
    };
  };
  const checkState = async (): Promise<SourceCheckStateReply> => ({ enabled: checks !== undefined, running: checks?.progress ?? null, lastRun: await lastRun() });

  app.get(
    '/sources/review',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Working-set QAs to look at again, by department: a source page changed, is missing or unreachable, or the review cycle ran out',
        response: { 200: SourceReviewReply, ...readErrors },
      },
    },
    async () => {
      const [qas, checked, marks, facts, setting, check] = await Promise.all([
        store.listQas(siteId),
        store.listSourceChecks(siteId),
        store.listQaReviewMarks(siteId),
        store.getSetting<CityFacts>(siteId, CITY_FACTS_SETTING),
        store.getSetting<Partial<SourceReview>>(siteId, SOURCE_REVIEW_SETTING),
        checkState(),
      ]);
      const today = japanDay(now());
      const cycleDays = reviewCycleDays(setting);
      const groups = reviewList({ qas, checks: checked, marks, facts: facts ?? {}, cycleDays, today });
      return { today, cycleDays, total: groups.reduce((n, g) => n + g.items.length, 0), groups, check };
    },
  );

  app.get(
    '/sources/check',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The source check under way on this server, and the last finished run', response: { 200: SourceCheckStateReply, ...readErrors } } },
    checkState,
  );

  app.post(
    '/sources/check',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Check the source pages now, in the background (202); the finished run is audited as sources.check',
        response: { 202: SourceCheckStateReply, ...readErrors, 409: AdminErrorReply },
      },
    },
    async (request, reply) => {
      if (!checks) {
        throw new ApiError(409, 'SOURCE_CHECKS_OFF', 'このサーバーは、情報源のページを確認しない設定で動いています。確認が必要な場合は、システムの担当者にご相談ください。');
      }
      if (!checks.start('staff', staffOf(request).loginId)) {
        throw new ApiError(409, 'SOURCE_CHECK_RUNNING', 'いま情報源のページを確認しています。終わってから、もう一度お試しください。');
      }
      return reply.code(202).send(await checkState());
    },
  );

  app.post(
    '/sources/reviewed',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Confirm a QA is still right: it leaves the list until a source page changes again or the next review cycle',
        body: MarkReviewedRequest,
        response: { 200: MarkReviewedReply, ...readErrors },
      },
    },
    async (request) => {
      const { qaId } = request.body;
      if (!(await store.getQa(siteId, qaId))) throw new ApiError(404, 'QA_NOT_FOUND', `管理番号 ${qaId} の QA は見つかりません（削除された可能性があります）。`);
      const mark = { qaId, actor: staffOf(request).loginId, at: now().toISOString() };
      await store.markQaReviewed(siteId, mark);
      await context.audit(request, 'qa.reviewed', qaId);
      return { qaId, reviewedAt: mark.at, reviewedBy: mark.actor };
    },
  );

  app.get(
    '/sources/settings',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The review cycle in days (default 365)', response: { 200: SourceReviewSettingReply, ...readErrors } } },
    async () => cycle(await readSetting<SourceReview>(store, siteId, SOURCE_REVIEW_SETTING)),
  );

  app.put(
    '/sources/settings',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: `Change the review cycle (${MIN_CYCLE_DAYS}–${MAX_CYCLE_DAYS} days); the list uses it at once`,
        body: SourceReviewSettingRequest,
        response: { 200: SourceReviewSettingReply, ...settingErrors(SourceReviewSettingReply) },
      },
    },
    async (request) => {
      const { value, revision } = request.body;
      if (value.cycleDays < MIN_CYCLE_DAYS || value.cycleDays > MAX_CYCLE_DAYS) {
        throw validationFailed([{ field: 'value.cycleDays', message: `見直しの間隔は ${MIN_CYCLE_DAYS} 日以上、${MAX_CYCLE_DAYS} 日（5年）以下で指定してください。` }]);
      }
      return cycle(await saveSetting<SourceReview, SourceReviewSettingReply>(context, request, SOURCE_REVIEW_SETTING, value, revision, cycle));
    },
  );
};
