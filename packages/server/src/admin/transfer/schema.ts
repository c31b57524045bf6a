/**
 * The import and export API's shapes (TypeBox).
 */
import { Type, type Static } from 'typebox';
import { Issue, QaContentSchema } from '../qas/schema.ts';
import { UploadedFile } from './upload.ts';

export const ImportMode = Type.Union([Type.Literal('merge'), Type.Literal('replace')], {
  description: 'merge (default): add and update by 管理番号, keep the others; replace: also delete the QAs the file does not have.',
});

export const TransferRequest = Type.Object({
  file: UploadedFile,
  mapping: Type.Optional(
    Type.String({
      maxLength: 100_000,
      description: 'JSON: { "uploaded header": "column key" | null }, e.g. {"FAQ本文":"answer","備考":null}; headers not named are recognised automatically.',
    }),
  ),
  mode: Type.Optional(ImportMode),
});
export type TransferRequest = Static<typeof TransferRequest>;

export const ImportSummarySchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  deleted: Type.Integer({ description: 'Only with mode replace.' }),
});

const ColumnChoice = Type.Union([Type.String(), Type.Null()], { description: 'A column key (see `columns`), or null: ignored.' });

export const TransferPreviewReply = Type.Object({
  fileName: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('jsonl')]),
  mode: ImportMode,
  /** The file's header row ([] for JSONL, whose fields are named). */
  headers: Type.Array(Type.String()),
  /** How each header is recognised without a mapping. */
  suggestedMapping: Type.Record(Type.String(), ColumnChoice),
  /** The mapping this preview used: the suggestion with the request's choices applied. */
  mapping: Type.Record(Type.String(), ColumnChoice),
  /** The columns a header can be mapped to, in export order. */
  columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), required: Type.Boolean() })),
  totalRows: Type.Integer(),
  /** The first 20 rows as they would be stored (also rows with errors). */
  rows: Type.Array(Type.Object({ row: Type.Integer(), content: QaContentSchema })),
  /** Every problem (up to 1,000), by row (header = 1) and column; the import is refused while there is one. */
  errors: Type.Array(Issue),
  truncated: Type.Boolean({ description: 'True when more problems were found than listed.' }),
  summary: ImportSummarySchema,
  changes: Type.Object({ created: Type.Array(Type.String()), updated: Type.Array(Type.String()), deleted: Type.Array(Type.String()) }),
});
export type TransferPreviewReply = Static<typeof TransferPreviewReply>;

export const TransferApplyReply = Type.Object({ summary: ImportSummarySchema });
export type TransferApplyReply = Static<typeof TransferApplyReply>;
