/**
 * Reading one QA file by its format, in whichever thread runs it (see parse-in-worker.ts).
 */
import { inspectCsv } from './csv.ts';
import { QaImportError } from './errors.ts';
import type { QaFileFormat } from './format.ts';
import { inspectJsonl } from './jsonl.ts';
import type { ColumnMapping } from './columns.ts';
import type { QaFileReading } from './table.ts';
import { inspectXlsx } from './xlsx.ts';

/** A file that failed to parse in a way not foreseen: still the file's fault from the user's view. */
export const UNREADABLE_MESSAGE = 'ファイルを読み込めませんでした。形式が正しいか、壊れていないか確認してください';

/**
 * @throws QaImportError (and only that) for anything wrong with the file.
 * @example `await readFormat(bytes, 'csv', {})`
 */
export async function readFormat(bytes: Buffer, format: QaFileFormat, options: { mapping?: ColumnMapping }): Promise<QaFileReading> {
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
    throw new QaImportError('QA_FILE_UNREADABLE', UNREADABLE_MESSAGE, []);
  }
}
