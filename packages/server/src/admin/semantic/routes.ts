/**
 * Semantic search in the console (R9) under /api/admin/semantic: the setting (administrators turn it on or
 * off; revisioned and audited like every setting) with the embeddings' state, and the report that runs the
 * 一括テスト on the working set with and without the plug-in (read-only: anyone signed in may run it).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { defaultFusionOptions } from '@madoguchi/engine';
import { ModelError } from '../../ai/models/models.ts';
import { compareWithSemantic } from '../../ai/semantic/semantic-evaluation.ts';
import { readSemanticSettings, SEMANTIC_SEARCH_SETTING, type SemanticSearchSettings } from '../../ai/semantic/semantic-search.ts';
import type { EvaluationReport } from '../../evaluation/metrics.ts';
import { ApiError } from '../../http/api-error.ts';
import { installAdminErrors } from '../qas/errors.ts';
import { settledIndex } from '../qas/index-refresh.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { AdminErrorReply, readErrors } from '../qas/schema.ts';
import { settingErrors } from '../settings/schema.ts';
import { readSetting, saveSetting, type SettingState } from '../settings/setting-store.ts';
import { readTestCases } from '../test-cases/test-cases.ts';
import { SemanticEvaluationReply, SemanticSettingsReply, SemanticSettingsRequest } from './schema.ts';

const NOT_CONFIGURED = '埋め込みモデル（意味検索に使うAIモデル）が設定されていないため、評価できません。設定はシステム管理者にご相談ください。';
const NO_CASES = '一括テストの質問が登録されていません。「一括テスト」の画面で、市民が尋ねそうな質問と正解の QA を登録してから、もう一度実行してください。';
const tags = ADMIN_TAGS;

export const semanticRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);
  const { store, siteId } = context;

  const settingsReply = (state: SettingState<SemanticSearchSettings>): SemanticSettingsReply => ({
    revision: state.revision,
    updatedBy: state.updatedBy,
    updatedAt: state.updatedAt,
    value: readSemanticSettings(state.value),
    configured: context.semantic !== undefined,
    model: context.models.embeddings?.model ?? null,
    defaults: { ...defaultFusionOptions },
    published: context.semantic?.published.index.status() ?? null,
    working: context.semantic?.working.index.status() ?? null,
  });

  app.get(
    '/semantic/settings',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'Whether semantic search is configured and on, its tunables, and how far the QAs are embedded', response: { 200: SemanticSettingsReply, ...readErrors } },
    },
    async () => settingsReply(await readSetting<SemanticSearchSettings>(store, siteId, SEMANTIC_SEARCH_SETTING)),
  );

  app.put(
    '/semantic/settings',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Turn semantic search on or off and set its tunables; the chat follows at once',
        body: SemanticSettingsRequest,
        response: { 200: SemanticSettingsReply, ...settingErrors(SemanticSettingsReply) },
      },
    },
    async (request) => {
      const { value, revision } = request.body;
      const saved = await saveSetting(context, request, SEMANTIC_SEARCH_SETTING, readSemanticSettings(value), revision, settingsReply);
      await Promise.all([context.semantic?.published.reloadSettings(), context.semantic?.working.reloadSettings()]);
      return settingsReply(saved);
    },
  );

  app.post(
    '/semantic/evaluation',
    {
      // Editors: it spends embedding calls (new questions and QAs go to the model).
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Run the saved 一括テスト on the working set with the engine alone and with semantic search: both sets of figures and the questions that changed (503 without an embeddings model, 409 without test cases, 502 when the model fails)',
        response: { 200: SemanticEvaluationReply, ...readErrors, 409: AdminErrorReply, 502: AdminErrorReply, 503: AdminErrorReply },
      },
    },
    async () => {
      const semantic = context.semantic?.working;
      if (!semantic) throw new ApiError(503, 'MODEL_NOT_CONFIGURED', NOT_CONFIGURED);
      const { value } = await readTestCases(store, siteId);
      if (value.cases.length === 0) throw new ApiError(409, 'NO_TEST_CASES', NO_CASES);
      // Every QA saved before the request is indexed and embedded (only new texts go to the model).
      await settledIndex(context.working);
      await semantic.index.refresh();
      let comparison;
      try {
        comparison = await compareWithSemantic(value.cases, semantic);
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        throw new ApiError(502, 'MODEL_FAILED', `埋め込みモデルから結果を受け取れませんでした。時間をおいてもう一度お試しください。理由: ${error.message}`);
      }
      const status = semantic.index.status();
      return {
        model: status.model,
        qas: status.qas,
        vectors: status.vectors,
        fusion: semantic.fusionOptions,
        engine: figures(comparison.engine),
        semantic: figures(comparison.semantic),
        improved: comparison.improved,
        worsened: comparison.worsened,
      };
    },
  );
};

/** The report without its failure list (the changed questions say more here). */
function figures({ failures: _failures, ...report }: EvaluationReport): Omit<EvaluationReport, 'failures'> {
  return report;
}
