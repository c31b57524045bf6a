/**
 * AI answers in the console (R28) under /api/admin/ai-answers: the setting (administrators turn it on and
 * choose what is sensitive; revisioned and audited like every setting), and the log of every attempt for
 * staff to read and judge 「問題なし」/「問題あり」 (editors; audited).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AI_ANSWERS_SETTING, DAILY_LIMIT_MAX, DEFAULT_SENSITIVE_WORDS, resolveAiAnswerSettings, type AiAnswerSettings } from '../../ai/answers/answer-policy.ts';
import { ApiError } from '../../http/api-error.ts';
import { fillPlaceholders } from '../../qa/placeholders.ts';
import type { LoggedGeneratedAnswer } from '../../store/authoring-records.ts';
import type { AdminContext } from '../context.ts';
import { installAdminErrors, staffOf, validationFailed } from '../qas/errors.ts';
import { ADMIN_TAGS } from '../qas/plugin-options.ts';
import { readErrors, type Issue } from '../qas/schema.ts';
import { settingErrors } from '../settings/schema.ts';
import { readSetting, saveSetting, type SettingState } from '../settings/setting-store.ts';
import {
  AiAnswerIdParams,
  AiAnswerListQuery,
  AiAnswerListReply,
  AiAnswerReviewReply,
  AiAnswerReviewRequest,
  AiAnswerSettingsReply,
  AiAnswerSettingsRequest,
  type AiAnswerSettingsValue,
  type AiAnswerView,
} from './schema.ts';

export interface AiAnswerRoutesOptions {
  context: AdminContext;
  now?: () => Date;
}

const tags = ADMIN_TAGS;

export const aiAnswerRoutes: FastifyPluginAsyncTypebox<AiAnswerRoutesOptions> = async (app, { context, now = () => new Date() }) => {
  installAdminErrors(app);
  const { store, siteId } = context;
  const settingsReply = (state: SettingState<AiAnswerSettings>): AiAnswerSettingsReply => ({
    ...state,
    value: resolveAiAnswerSettings(state.value),
    chatModelConfigured: context.models.chat !== null,
    defaultSensitiveWords: [...DEFAULT_SENSITIVE_WORDS],
  });

  app.get(
    '/ai-answers/settings',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Whether AI answers are on, and what is sensitive', response: { 200: AiAnswerSettingsReply, ...readErrors } } },
    async () => settingsReply(await readSetting<AiAnswerSettings>(store, siteId, AI_ANSWERS_SETTING)),
  );

  app.put(
    '/ai-answers/settings',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Turn AI answers on or off and choose the sensitive categories and words; the chat follows at once',
        body: AiAnswerSettingsRequest,
        response: { 200: AiAnswerSettingsReply, ...settingErrors(AiAnswerSettingsReply) },
      },
    },
    async (request) => {
      const { value, revision } = request.body;
      const issues = settingIssues(value);
      if (issues.length > 0) throw validationFailed(issues);
      // Trimmed, blanks and repeats left out.
      const clean = resolveAiAnswerSettings(value);
      return settingsReply(await saveSetting<AiAnswerSettings, AiAnswerSettingsReply>(context, request, AI_ANSWERS_SETTING, clean, revision, settingsReply));
    },
  );

  app.get(
    '/ai-answers',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'Every AI answer attempt, newest first, for review', querystring: AiAnswerListQuery, response: { 200: AiAnswerListReply, ...readErrors } },
    },
    async (request) => {
      const { outcome, unreviewed, limit = '50', offset = '0' } = request.query;
      const { total, answers } = await store.listGeneratedAnswers(siteId, { outcome, unreviewed: unreviewed === 'true', limit: Number(limit), offset: Number(offset) });
      return { total, items: answers.map((answer) => answerView(context, answer)) };
    },
  );

  app.post(
    '/ai-answers/:id/review',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Record a verdict on an AI answer: good 「問題なし」 or bad 「問題あり」 (a later verdict replaces it)',
        params: AiAnswerIdParams,
        body: AiAnswerReviewRequest,
        response: { 200: AiAnswerReviewReply, ...readErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { verdict } = request.body;
      const found = await store.reviewGeneratedAnswer(siteId, id, { verdict, actor: staffOf(request).loginId, at: now().toISOString() });
      if (!found) throw new ApiError(404, 'AI_ANSWER_NOT_FOUND', 'このAIによる回答の記録は見つかりません（保存期間を過ぎて削除された可能性があります）。');
      await context.audit(request, 'aiAnswer.review', id, { verdict });
      return { reviewed: true as const };
    },
  );
};

const WORD_MAX = 30;
const WORDS_MAX = 200;

/** What is wrong with the sensitive words and the daily limit, in Japanese. */
function settingIssues(value: AiAnswerSettingsValue): Issue[] {
  const issues: Issue[] = [];
  if (value.dailyLimit < 1 || value.dailyLimit > DAILY_LIMIT_MAX) {
    issues.push({ field: 'value.dailyLimit', message: `1日に作る要約の上限は、1 から ${DAILY_LIMIT_MAX.toLocaleString('ja-JP')} までの数にしてください。` });
  }
  const words = value.sensitiveWords.map((word) => word.trim()).filter((word) => word !== '');
  if (words.length > WORDS_MAX) issues.push({ field: 'value.sensitiveWords', message: `慎重な扱いが必要な言葉は ${WORDS_MAX} 個までです（現在 ${words.length} 個）。` });
  value.sensitiveWords.forEach((word, index) => {
    if ([...word.trim()].length > WORD_MAX) {
      issues.push({ field: `value.sensitiveWords.${index}`, row: index + 1, message: `「${[...word].slice(0, 10).join('')}…」は長すぎます。言葉は ${WORD_MAX} 文字以内にしてください。` });
    }
  });
  return issues;
}

function answerView(context: AdminContext, answer: LoggedGeneratedAnswer): AiAnswerView {
  const ref = (qaId: string) => {
    const qa = context.working.qa(qaId) ?? context.published.qa(qaId);
    return { qaId, question: qa ? fillPlaceholders(qa.question, context.working.facts) : null };
  };
  return {
    id: answer.id,
    at: answer.at,
    question: answer.question,
    model: answer.model,
    outcome: answer.outcome,
    text: answer.text,
    sources: answer.sourceQaIds.map(ref),
    cited: answer.citedQaIds.map(ref),
    droppedSentences: answer.droppedSentences,
    verdict: answer.verdict,
    reviewedBy: answer.reviewedBy,
    reviewedAt: answer.reviewedAt,
  };
}
