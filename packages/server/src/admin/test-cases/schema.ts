/**
 * The 一括テスト cases API's shapes (TypeBox).
 */
import { Type, type Static } from 'typebox';
import { Issue } from '../qas/schema.ts';
import { NUMBER_FIELD_PATTERN, UploadedFile } from '../transfer/upload.ts';

export const TestCaseSchema = Type.Object(
  {
    question: Type.String({ maxLength: 10_000 }),
    expected: Type.Array(Type.String({ maxLength: 1_000 }), { maxItems: 1_000, description: 'QA ids that are right answers; [] = the chat should answer none.' }),
    note: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);

export const TestCasesReply = Type.Object({
  cases: Type.Array(TestCaseSchema),
  revision: Type.Integer({ description: 'Send it back with a change. 0 before the first save.' }),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  /** Expected ids that name no QA of the working set (allowed; shown as warnings). */
  warnings: Type.Array(Issue),
});
export type TestCasesReply = Static<typeof TestCasesReply>;

export const TestCasesRequest = Type.Object(
  {
    cases: Type.Array(TestCaseSchema, { maxItems: 100_000 }),
    revision: Type.Integer({ minimum: 0, description: 'The revision that was read; 409 CONFLICT if someone saved since.' }),
  },
  { additionalProperties: false },
);
export type TestCasesRequest = Static<typeof TestCasesRequest>;

export const TestCasesImportRequest = Type.Object({
  file: UploadedFile,
  revision: Type.String({ pattern: NUMBER_FIELD_PATTERN, description: 'The revision that was read (a form field, digits).' }),
  mode: Type.Optional(Type.Union([Type.Literal('replace'), Type.Literal('append')], { description: 'replace (default): the file becomes the list; append: added after the saved cases.' })),
});
export type TestCasesImportRequest = Static<typeof TestCasesImportRequest>;
