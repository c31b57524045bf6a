/**
 * CSV as Japanese Excel reads and writes it: UTF-8 with BOM and CRLF on export; UTF-8 (with or without
 * BOM) or Shift_JIS (CP932) on import. Parsing and quoting are csv-parse / csv-stringify's.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { Qa, QaContent } from '../model.ts';
import type { TableRow } from './cells.ts';
import { QaImportError } from './errors.ts';
import { describeWrongFile, sniff } from './signatures.ts';
import { exportHeader, exportRow, inspectTable, readTable, type QaFileReading, type ReadTableOptions } from './table.ts';

// Excel runs a cell starting with one of these as a formula: "- 手順" (a Markdown list) becomes #NAME?
// and is lost on save. A leading apostrophe stops that. Apostrophes already in front of such a character
// get one more, so removing exactly one on import restores the original text in every case.
const FORMULA_START = /^'*[=+\-@\t\r＝＋－＠]/;
const ESCAPED_FORMULA_START = /^'+[=+\-@\t\r＝＋－＠]/;

/**
 * Protects a cell from Excel's formula evaluation.
 *
 * @example `escapeFormula('- 手順') // "'- 手順"`
 */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Undoes {@link escapeFormula}.
 *
 * @example `unescapeFormula("'- 手順") // '- 手順'`
 */
export function unescapeFormula(text: string): string {
  return ESCAPED_FORMULA_START.test(text) ? text.slice(1) : text;
}

/**
 * The QAs as CSV bytes: UTF-8 with BOM (so Japanese Excel detects the encoding), CRLF between records,
 * fields quoted where needed (line breaks inside cells included).
 *
 * @example `await writeFile('qa.csv', writeCsv(qas));`
 */
export function writeCsv(qas: readonly (Qa | QaContent)[]): Buffer {
  const records = [exportHeader(), ...qas.map((qa) => exportRow(qa).map((v) => (typeof v === 'string' ? escapeFormula(v) : String(v))))];
  const text = stringify(records, { bom: true, record_delimiter: '\r\n', quote_record_delimiter: true });
  return Buffer.from(text, 'utf8');
}

/**
 * Reads QA content from CSV bytes.
 *
 * @throws QaImportError (encoding, not a CSV, or every content problem).
 * @example `const contents = parseCsv(await readFile('qa.csv'));`
 */
export function parseCsv(bytes: Buffer, options: Pick<ReadTableOptions, 'mapping'> = {}): QaContent[] {
  return readTable(csvRows(bytes), { ...options, unescapeText: unescapeFormula });
}

/**
 * Reads CSV bytes, returning content problems instead of throwing them (see {@link inspectTable}).
 *
 * @throws QaImportError for problems with the file as a whole (encoding, not a CSV, empty).
 * @example `inspectCsv(bytes, { mapping: { 'FAQ本文': 'answer' } }).issues`
 */
export function inspectCsv(bytes: Buffer, options: Pick<ReadTableOptions, 'mapping'> = {}): QaFileReading {
  return inspectTable(csvRows(bytes), { ...options, unescapeText: unescapeFormula });
}

function csvRows(bytes: Buffer): TableRow[] {
  const text = decodeCsv(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error && typeof error.lines === 'number' ? error.lines : undefined;
    throw new QaImportError(
      'QA_FILE_UNREADABLE',
      `CSV の形式が正しくありません${line === undefined ? '' : `（${line}行目付近）`}。「"」で囲んだセルが閉じているか確認してください`,
    );
  }
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

/**
 * The text of a CSV file: strict UTF-8 first (a BOM is dropped), else CP932, which is what Japanese Excel
 * writes for "CSV (コンマ区切り)".
 *
 * @throws QaImportError QA_FILE_ENCODING or QA_FILE_UNREADABLE.
 * @example `decodeCsv(iconv.encode('管理番号', 'cp932')) // '管理番号'`
 */
export function decodeCsv(bytes: Buffer): string {
  const kind = sniff(bytes);
  if (kind === 'zip') {
    throw new QaImportError('QA_FILE_UNREADABLE', 'これは CSV ではなく Excel（.xlsx）などの圧縮ファイルのようです。拡張子が .xlsx のファイルとして取り込んでください');
  }
  if (kind === 'utf16') {
    throw new QaImportError('QA_FILE_ENCODING', 'UTF-16 の CSV には対応していません。Excel で「CSV UTF-8（コンマ区切り）」として保存し直してください');
  }
  const wrong = describeWrongFile(kind);
  if (wrong !== undefined) throw new QaImportError('QA_FILE_UNREADABLE', wrong);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = iconv.decode(bytes, 'cp932');
    if (!isText(text)) throw notText();
    if (text.includes('\uFFFD')) {
      throw new QaImportError(
        'QA_FILE_ENCODING',
        '文字コードを判別できません。CSV は UTF-8 か Shift_JIS で保存してください（Excel では「CSV UTF-8（コンマ区切り）」がおすすめです）',
      );
    }
  }
  if (!isText(text)) throw notText();
  return text;
}

// Control characters other than tab and line breaks do not occur in a spreadsheet saved as text.
function isText(text: string): boolean {
  return !/[^\P{Cc}\t\n\r]/u.test(text);
}

function notText(): QaImportError {
  return new QaImportError('QA_FILE_UNREADABLE', 'CSV（文字だけのファイル）ではないため読み込めません。CSV か Excel（.xlsx）で用意してください');
}
