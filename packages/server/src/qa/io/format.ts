/**
 * The file formats QA data moves in, chosen by file extension.
 */
import { QaImportError } from './errors.ts';

/** @example `const f: QaFileFormat = 'xlsx';` */
export type QaFileFormat = 'csv' | 'xlsx' | 'jsonl';

/** The formats, for option lists and validation. */
export const QA_FILE_FORMATS: readonly QaFileFormat[] = ['csv', 'xlsx', 'jsonl'];

const BY_EXTENSION: Record<string, QaFileFormat> = { csv: 'csv', txt: 'csv', xlsx: 'xlsx', jsonl: 'jsonl', ndjson: 'jsonl' };

/**
 * The format a file name implies (case-insensitive).
 *
 * @throws QaImportError QA_FILE_FORMAT_UNKNOWN with a Japanese message.
 * @example `formatFromFileName('QA一覧.XLSX') // 'xlsx'`
 */
export function formatFromFileName(name: string): QaFileFormat {
  const match = /\.([^./\\]+)$/.exec(name.trim());
  const ext = match?.[1]?.toLowerCase() ?? '';
  const format = BY_EXTENSION[ext];
  if (format) return format;
  if (ext === 'xls') {
    throw new QaImportError('QA_FILE_FORMAT_UNKNOWN', '古い Excel 形式（.xls）には対応していません。Excel で「Excel ブック（*.xlsx）」として保存し直してください');
  }
  throw new QaImportError(
    'QA_FILE_FORMAT_UNKNOWN',
    `対応していないファイル形式です${ext ? `（.${ext}）` : ''}。CSV（.csv）、Excel（.xlsx）、JSONL（.jsonl）のどれかにしてください`,
  );
}
