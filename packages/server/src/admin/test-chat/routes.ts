/**
 * The test chat (R26 テスト環境): ask the working set (as the next publication would answer) or the
 * published set, and see the decision, the ten best QAs with why each matched, and the answer as citizens
 * would see it. Waits for rebuilds still running, so a QA saved a moment ago is already in it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderAnswerHtml } from '../../chat/answer-html.ts';
import { ApiError } from '../../http/api-error.ts';
import { fillPlaceholders } from '../../qa/placeholders.ts';
import type { SearchHit, SearchService } from '../../search/search-service.ts';
import { installAdminErrors } from '../qas/errors.ts';
import { settledIndex } from '../qas/index-refresh.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { readErrors } from '../qas/schema.ts';
import { TestChatReply, TestChatRequest } from './schema.ts';

const RESULTS_SHOWN = 10;

/**
 * A QA's answer as the citizen chat renders it (Japanese, facts filled in, sanitised), without PDF sizes.
 *
 * @example `citizenAnswerHtml(context.working, '1001', context.answerImageHosts)`
 */
export function citizenAnswerHtml(search: SearchService, id: string, imageHosts?: ReadonlySet<string>): string | undefined {
  const qa = search.qa(id);
  if (!qa) return undefined;
  return renderAnswerHtml(fillPlaceholders(qa.answer, search.facts), { baseUrl: search.facts['市ホームページ'], imageHosts });
}

export const testChatRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);

  app.post(
    '/test-chat',
    {
      config: { minRole: 'viewer' },
      schema: { tags: ADMIN_TAGS, summary: 'Ask the working or the published set and see why each QA matched', body: TestChatRequest, response: { 200: TestChatReply, ...readErrors } },
    },
    async (request) => {
      const { scope } = request.body;
      const message = request.body.message.trim();
      if (message === '') throw new ApiError(400, 'EMPTY_MESSAGE', '質問を入力してください。');
      const search = scope === 'working' ? context.working : context.published;
      await settledIndex(search);
      // With the semantic plug-in, as the citizen chat would rank (fused with embeddings).
      const semantic = scope === 'working' ? context.semantic?.working : context.semantic?.published;
      const response = semantic ? await semantic.search(message, { top: RESULTS_SHOWN }) : { ...search.search(message, { top: RESULTS_SHOWN }), semantic: undefined };
      const top = response.results[0];
      const html = top && citizenAnswerHtml(search, top.id, context.answerImageHosts);
      return {
        scope,
        decision: response.decision,
        queryWords: response.queryWords,
        ...(response.convertedQuestion === undefined ? {} : { convertedQuestion: response.convertedQuestion }),
        results: response.results.map(({ similarity, ...hit }: SearchHit & { similarity?: number | null }) => (typeof similarity === 'number' ? { ...hit, similarity } : hit)),
        ...(response.semantic === undefined ? {} : { semantic: response.semantic }),
        answer: top && html !== undefined ? { qaId: top.id, question: top.question, html } : null,
      };
    },
  );
};
