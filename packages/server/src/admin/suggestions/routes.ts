/**
 * AI suggestions for the QA editor (issue 7, deliverable 3) under /api/admin/suggestions: more 言い換え and
 * やさしい日本語 rewrites of the answer, from the editor's current form (unsaved edits and new QAs too).
 * Nothing is stored: staff accept suggestions into the form and save the QA as usual. Each request is audited
 * by kind only, never with the text.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { suggestAlternates } from '../../ai/suggestions/alternate-suggestions.ts';
import { suggestPlainJapanese } from '../../ai/suggestions/plain-japanese.ts';
import type { Suggestions } from '../../ai/suggestions/suggestion.ts';
import { ModelError } from '../../ai/models/models.ts';
import { ApiError } from '../../http/api-error.ts';
import { installAdminErrors, validationFailed } from '../qas/errors.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { readErrors } from '../qas/schema.ts';
import { SuggestionAvailabilityReply, SuggestionReply, SuggestionRequest, suggestionErrors } from './schema.ts';

const NOT_CONFIGURED = 'AIモデルが設定されていないため、提案を作れません。設定はシステム管理者にご相談ください。';
/** A QA with the longest answer and 100 alternates is about 400 KB of JSON. */
const BODY_LIMIT = 512 * 1024;
const tags = ADMIN_TAGS;

export const suggestionRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);

  app.get(
    '/suggestions/availability',
    {
      config: { minRole: 'editor' },
      schema: { tags, summary: 'Whether AI suggestions can be made (a chat model is configured), and why not', response: { 200: SuggestionAvailabilityReply, ...readErrors } },
    },
    () => {
      const available = context.models.chat !== null;
      return { available, reason: available ? null : NOT_CONFIGURED };
    },
  );

  app.post(
    '/suggestions',
    {
      config: { minRole: 'editor' },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Suggest alternates of the question or やさしい日本語 rewrites of the answer from the editor\'s current content (nothing is stored; 503 without a chat model, 502 when it fails)',
        body: SuggestionRequest,
        response: { 200: SuggestionReply, ...suggestionErrors },
      },
    },
    async (request) => {
      const { kind, question, alternates, answer } = request.body;
      const chat = context.models.chat;
      if (!chat) throw new ApiError(503, 'MODEL_NOT_CONFIGURED', NOT_CONFIGURED);
      if (kind === 'alternates' && question.trim() === '') {
        throw validationFailed([{ field: 'question', column: '質問', message: '質問が空のため、言い換えの候補を作れません。先に質問を入力してください。' }]);
      }
      if (kind === 'plain-japanese' && answer.trim() === '') {
        throw validationFailed([{ field: 'answer', column: '回答', message: '回答が空のため、やさしい日本語の案を作れません。先に回答を入力してください。' }]);
      }
      const input = { question, alternates, answer };
      let result: Suggestions;
      try {
        result = kind === 'alternates' ? await suggestAlternates(chat, input) : await suggestPlainJapanese(chat, input);
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        await context.audit(request, 'suggestions.request', '', { kind, outcome: 'model-error', error: error.kind });
        throw new ApiError(502, 'MODEL_FAILED', `AIモデルから提案を受け取れませんでした。理由: ${error.message}`);
      }
      await context.audit(request, 'suggestions.request', '', { kind, outcome: 'ok', suggested: result.suggestions.length, dropped: result.dropped.length });
      return result;
    },
  );
};
