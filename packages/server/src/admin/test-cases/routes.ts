/**
 * The 一括テスト cases (R26) in the console: read, replace (optimistic locking on the setting's revision),
 * import and export in the evaluation CSV format. Publishing runs them (admin/publishing).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { installAdminErrors, validationFailed } from '../qas/errors.ts';
import { ADMIN_TAGS, type AdminPluginOptions } from '../qas/plugin-options.ts';
import { readErrors } from '../qas/schema.ts';
import { settingErrors } from '../settings/schema.ts';
import { saveSetting, type SettingState } from '../settings/setting-store.ts';
import { acceptUploads, FileDownload, uploadedBytes } from '../transfer/upload.ts';
import { TestCasesImportRequest, TestCasesReply, TestCasesRequest } from './schema.ts';
import {
  normalizeCases,
  parseTestCasesCsv,
  readTestCases,
  TEST_CASE_LIMITS,
  TEST_CASES_SETTING,
  testCaseIssues,
  unknownIdWarnings,
  writeTestCasesCsv,
  type TestCase,
  type TestCasesValue,
} from './test-cases.ts';

const tags = ADMIN_TAGS;

export const testCaseRoutes: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, { context }) => {
  installAdminErrors(app);
  await acceptUploads(app, {
    maxBytes: TEST_CASE_LIMITS.maxFileBytes,
    tooLarge: { code: 'PAYLOAD_TOO_LARGE', message: `ファイルが大きすぎます（上限 ${TEST_CASE_LIMITS.maxFileBytes / 1024 / 1024} MB）。` },
  });
  const { store, siteId } = context;

  async function present(state: SettingState<TestCasesValue>): Promise<TestCasesReply> {
    const cases = state.value?.cases ?? [];
    const known = new Set((await store.listQas(siteId)).map((qa) => qa.id));
    return { cases, revision: state.revision, updatedBy: state.updatedBy, updatedAt: state.updatedAt, warnings: unknownIdWarnings(cases, known) };
  }

  async function save(request: Parameters<typeof saveSetting>[1], cases: TestCase[], revision: number): Promise<TestCasesReply> {
    const issues = testCaseIssues(cases);
    if (issues.length > 0) throw validationFailed(issues, `テストの内容に問題が ${issues.length} 件あります。`);
    // The conflict reply carries the stored cases without warnings (they need the QA list).
    const saved = await saveSetting(context, request, TEST_CASES_SETTING, { cases }, revision, (s) => ({ ...s, cases: s.value?.cases ?? [], warnings: [] }));
    return present(saved);
  }

  app.get(
    '/test-cases',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The 一括テスト cases', response: { 200: TestCasesReply, ...readErrors } } },
    async () => present(await readTestCases(store, siteId)),
  );

  app.put(
    '/test-cases',
    {
      config: { minRole: 'editor' },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: `Replace the cases (at most ${TEST_CASE_LIMITS.maxCases}; questions of at most ${TEST_CASE_LIMITS.questionMaxLength} characters)`,
        body: TestCasesRequest,
        response: { 200: TestCasesReply, ...settingErrors(TestCasesReply) },
      },
    },
    async (request) => save(request, normalizeCases(request.body.cases), request.body.revision),
  );

  app.post(
    '/test-cases/import',
    {
      config: { minRole: 'editor' },
      schema: {
        tags,
        summary: 'Import cases from a CSV (question,expected[,note]; ids joined by ";", none for no answer); every problem is listed by row',
        consumes: ['multipart/form-data'],
        body: TestCasesImportRequest,
        response: { 200: TestCasesReply, ...settingErrors(TestCasesReply) },
      },
    },
    async (request) => {
      const { file, revision, mode } = request.body;
      const parsed = parseTestCasesCsv(uploadedBytes(file));
      if (parsed.issues.length > 0) throw validationFailed(parsed.issues, `ファイルに問題が ${parsed.issues.length} 件あります。直してからもう一度取り込んでください。`);
      const before = mode === 'append' ? (await readTestCases(store, siteId)).value.cases : [];
      return save(request, normalizeCases([...before, ...parsed.cases]), Number(revision));
    },
  );

  app.get(
    '/test-cases.csv',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'The cases as CSV (UTF-8 with BOM), the format /test-cases/import and `madoguchi eval` read', produces: ['text/csv'], response: { 200: FileDownload, ...readErrors } },
    },
    async (_request, reply) => {
      const { value } = await readTestCases(store, siteId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="test-cases.csv"')
        .send(writeTestCasesCsv(value.cases));
    },
  );
};
