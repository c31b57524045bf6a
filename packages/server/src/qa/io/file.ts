/**
 * The two entry points of QA import and export, dispatching on the format.
 */
import type { Qa, QaContent } from '../model.ts';
import type { ColumnMapping } from './columns.ts';
import { writeCsv } from './csv.ts';
import { QaImportError } from './errors.ts';
import type { QaFileFormat } from './format.ts';
import { writeJsonl } from './jsonl.ts';
import { QA_IO_LIMITS } from './limits.ts';
import { parseInWorker } from './parse-in-worker.ts';
import { readFormat } from './read-format.ts';
import type { QaFileReading } from './table.ts';
import { writeXlsx } from './xlsx.ts';

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
  // A worker costs more than reading a small CSV or JSONL file, but an .xlsx of any size may inflate a lot.
  return format === 'xlsx' || bytes.length > INLINE_MAX_BYTES ? parseInWorker(bytes, format, options) : readFormat(bytes, format, options);
}

/** Text files up to this size are read on the calling thread (milliseconds of work, e.g. the starter pack). */
const INLINE_MAX_BYTES = 256 * 1024;

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
