/**
 * What an import would do, worked out without changing anything: the file read with staff's column mapping,
 * every problem by row and column (the file's own, and 関連QA that would not exist), and which QAs would be
 * created, updated, left alone or deleted. Applying it is the same computation followed by one
 * `importQas` transaction.
 */
import { columnLabel, formatFromFileName, IMPORT_COLUMNS, inspectQaFile, QaImportError, suggestColumn, type ColumnMapping, type FieldKey } from '../../qa/io/index.ts';
import type { QaContent } from '../../qa/model.ts';
import { contentJson } from '../../store/content.ts';
import type { ImportSummary, Store } from '../../store/store.ts';
import { validationFailed } from '../qas/errors.ts';
import type { Issue } from '../qas/schema.ts';
import type { TransferPreviewReply } from './schema.ts';
import { uploadedBytes, type UploadedFile } from './upload.ts';

const PREVIEW_ROWS = 20;
const REQUIRED = new Set<FieldKey>(['id', 'question', 'answer']);

/**
 * The columns a header may be mapped to.
 *
 * @example `importColumns()[0] // { key: 'id', label: '管理番号', required: true }`
 */
export function importColumns(): { key: string; label: string; required: boolean }[] {
  return IMPORT_COLUMNS.map((key) => ({ key, label: columnLabel(key), required: REQUIRED.has(key) }));
}

/**
 * The mapping form field (JSON text) as a mapping.
 *
 * @throws ApiError VALIDATION_FAILED when it is not `{ header: column key | null }`.
 * @example `parseMapping('{"FAQ本文":"answer"}') // { FAQ本文: 'answer' }`
 */
export function parseMapping(text: string | undefined): ColumnMapping {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationFailed([{ field: 'mapping', message: '列の対応（mapping）が JSON として読めません。' }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationFailed([{ field: 'mapping', message: '列の対応（mapping）は { "見出し": "列の名前" } の形にしてください。' }]);
  }
  const keys = new Set<string>(IMPORT_COLUMNS);
  const mapping: Record<string, FieldKey | null> = {};
  const issues: Issue[] = [];
  for (const [header, key] of Object.entries(value)) {
    if (key === null || (typeof key === 'string' && keys.has(key))) mapping[header.trim()] = key as FieldKey | null;
    else issues.push({ field: `mapping.${header}`, message: `「${header}」の取り込み先「${String(key)}」という列はありません。` });
  }
  if (issues.length > 0) throw validationFailed(issues);
  return mapping;
}

export interface ImportPlan {
  preview: TransferPreviewReply;
  /** The file's QAs, ready for `importQas` when `preview.errors` is empty. */
  contents: QaContent[];
}

/**
 * Reads the file and compares it with the stored QAs.
 *
 * @throws QaImportError for a file that cannot be read at all (format, size, encoding, empty).
 * @example `const { preview } = await planImport(store, siteId, file, {}, 'merge');`
 */
export async function planImport(store: Store, siteId: string, file: UploadedFile, mapping: ColumnMapping, mode: 'merge' | 'replace'): Promise<ImportPlan> {
  const format = formatFromFileName(file.name);
  const reading = await inspectQaFile(uploadedBytes(file), format, { mapping });
  const existing = new Map((await store.listQas(siteId)).map((qa) => [qa.id, qa]));

  const fileIds = new Set(reading.records.map((r) => r.content.id).filter((id) => id !== ''));
  const resulting = mode === 'replace' ? fileIds : new Set([...existing.keys(), ...fileIds]);
  const issues: Issue[] = reading.issues.map((i) => ({ row: i.row, column: i.column, message: i.message }));
  for (const { row, content } of reading.records) {
    for (const relatedId of content.relatedIds) {
      if (relatedId !== content.id && !resulting.has(relatedId)) {
        issues.push({
          row,
          column: columnLabel('relatedIds'),
          message:
            mode === 'replace'
              ? `関連QA ${relatedId} はファイルにありません（入れ替えると存在しなくなります）`
              : `関連QA ${relatedId} はファイルにも登録済みの QA にもありません`,
        });
      }
    }
  }
  // Rows in order; within a row, the reader's column order (a stable sort keeps it).
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));

  const changes = { created: [] as string[], updated: [] as string[], deleted: [] as string[] };
  let unchanged = 0;
  for (const { content } of reading.records) {
    if (content.id === '') continue;
    const old = existing.get(content.id);
    if (!old) changes.created.push(content.id);
    else if (contentJson(old) === contentJson(content)) unchanged++;
    else changes.updated.push(content.id);
  }
  if (mode === 'replace') changes.deleted = [...existing.keys()].filter((id) => !fileIds.has(id));
  const summary: ImportSummary = { created: changes.created.length, updated: changes.updated.length, unchanged, deleted: changes.deleted.length };

  const headers = reading.headers;
  const suggestedMapping = Object.fromEntries(headers.filter((h) => h.trim() !== '').map((h) => [h.trim(), suggestColumn(h)]));
  const effective = Object.fromEntries(Object.entries(suggestedMapping).map(([h, key]) => [h, Object.hasOwn(mapping, h) ? (mapping[h] ?? null) : key]));

  return {
    preview: {
      fileName: file.name,
      format,
      mode,
      headers,
      suggestedMapping,
      mapping: effective,
      columns: importColumns(),
      totalRows: reading.records.length,
      rows: reading.records.slice(0, PREVIEW_ROWS),
      errors: issues,
      truncated: reading.truncated,
      summary,
      changes,
    },
    contents: reading.records.map((r) => r.content),
  };
}

/**
 * The plan's problems as the error that refuses the import.
 *
 * @example `if (plan.preview.errors.length > 0) throw refusal(plan);`
 */
export function refusal(plan: ImportPlan): QaImportError {
  return QaImportError.invalid(
    plan.preview.errors.map((i) => ({ row: i.row ?? 0, column: i.column ?? '', message: i.message })),
    plan.preview.truncated,
  );
}
