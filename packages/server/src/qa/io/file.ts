/**
 * The two entry points of QA import and export, dispatching on the format.
 */
import type { Qa, QaContent } from '../model.ts';
import type { ColumnMapping } from './columns.ts';
import { inspectCsv, writeCsv } from './csv.ts';
import { QaImportError } from './errors.ts';
import type { QaFileFormat } from './format.ts';
import { inspectJsonl, writeJsonl } from './jsonl.ts';
import { QA_IO_LIMITS } from './limits.ts';
import type { QaFileReading } from './table.ts';
import { inspectXlsx, writeXlsx } from './xlsx.ts';

/**
 * Options of reading a QA file.
 *
 * @example `{ mapping: { 'FAQ本文': 'answer', '備考': null } }`
 */
export interface ReadQaFileOptions {
  /** Staff's column choices for a spreadsheet's headers (ignored for JSONL, whose fields are named). */
  mapping?: ColumnMapping;
}

/**
 * Reads a whole QA file. Size is checked before any parsing; every content problem is collected.
 * The result is normalised, validated QaContent, ready for `Store.importQas`.
 *
 * @throws QaImportError (and only that) for anything wrong with the file.
 * @example
 * ```ts
 * const contents = await parseQaFile(await readFile(name), formatFromFileName(name));
 * await store.importQas(siteId, contents, { actor, mode: 'merge' });
 * ```
 */
export async function parseQaFile(bytes: Buffer, format: QaFileFormat, options: ReadQaFileOptions = {}): Promise<QaContent[]> {
  const reading = await inspectQaFile(bytes, format, options);
  if (reading.issues.length > 0) throw QaImportError.invalid(reading.issues, reading.truncated);
  return reading.records.map((r) => r.content);
}

/**
 * Reads a whole QA file like {@link parseQaFile}, but returns the rows as read together with every content
 * problem instead of throwing them: what an import preview shows.
 *
 * @throws QaImportError for a file that cannot be read at all (size, format, encoding, empty, too many rows).
 * @example `const { records, issues } = await inspectQaFile(bytes, 'xlsx', { mapping });`
 */
export async function inspectQaFile(bytes: Buffer, format: QaFileFormat, options: ReadQaFileOptions = {}): Promise<QaFileReading> {
  if (bytes.length > QA_IO_LIMITS.maxFileBytes) {
    throw new QaImportError('QA_FILE_TOO_LARGE', `ファイルが大きすぎます（上限 ${QA_IO_LIMITS.maxFileBytes / 1024 / 1024} MB）`);
  }
  if (bytes.length === 0) throw new QaImportError('QA_FILE_EMPTY', 'ファイルが空です');
  try {
    switch (format) {
      case 'csv':
        return inspectCsv(bytes, options);
      case 'xlsx':
        return await inspectXlsx(bytes, options);
      case 'jsonl':
        return inspectJsonl(bytes);
    }
  } catch (error) {
    if (error instanceof QaImportError) throw error;
    // A parser failing in a way we did not foresee is still the file's fault from the user's view.
    throw new QaImportError('QA_FILE_UNREADABLE', 'ファイルを読み込めませんでした。形式が正しいか、壊れていないか確認してください', []);
  }
}

/**
 * Writes QAs (stored ones with 版/更新者/更新日時, or plain content) in the given format.
 *
 * @example `await writeFile('qa.csv', await writeQaFile(await store.listQas(siteId), 'csv'));`
 */
export async function writeQaFile(qas: readonly (Qa | QaContent)[], format: QaFileFormat): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return writeCsv(qas);
    case 'xlsx':
      return writeXlsx(qas);
    case 'jsonl':
      return writeJsonl(qas);
  }
}
