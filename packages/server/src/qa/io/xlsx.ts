/**
 * Excel workbooks (.xlsx) through exceljs: one sheet "QA" on export, the first sheet on import.
 */
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import type { Qa, QaContent } from '../model.ts';
import type { Cell, TableRow } from './cells.ts';
import { COLUMNS } from './columns.ts';
import { isoDateToUtc } from './dates.ts';
import { QaImportError } from './errors.ts';
import { QA_IO_LIMITS } from './limits.ts';
import { describeWrongFile, sniff } from './signatures.ts';
import { exportRow, inspectTable, readTable, type QaFileReading, type ReadTableOptions } from './table.ts';
import { ZipGuardError, inspectZip, type ZipLimits } from './zip.ts';

const SHEET_NAME = 'QA';
const DATE_COLUMNS = new Set(['validFrom', 'validUntil']);
// Text format keeps ids such as 0012 from becoming the number 12 when staff type them in Excel.
const TEXT_COLUMNS = new Set(['id', 'relatedIds']);

/**
 * The QAs as an .xlsx workbook: header row bold, frozen and filterable, long cells wrapped, dates as real
 * Excel dates (yyyy-mm-dd).
 *
 * @example `await writeFile('qa.xlsx', await writeXlsx(qas));`
 */
export async function writeXlsx(qas: readonly (Qa | QaContent)[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Madoguchi';
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: {
      alignment: { vertical: 'top', wrapText: c.wrap },
      ...(DATE_COLUMNS.has(c.key) ? { numFmt: 'yyyy-mm-dd' } : TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : {}),
    },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  for (const qa of qas) {
    sheet.addRow(
      exportRow(qa).map((value, i): CellValue => {
        if (value === '') return null;
        const key = COLUMNS[i]?.key;
        return key !== undefined && DATE_COLUMNS.has(key) && typeof value === 'string' ? isoDateToUtc(value) : value;
      }),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Reads QA content from the first sheet of an .xlsx file. Rich text, hyperlinks and formulas are read as
 * the text they display.
 *
 * @throws QaImportError (not an xlsx, too large once inflated, or every content problem).
 * @example `const contents = await parseXlsx(await readFile('qa.xlsx'));`
 */
export async function parseXlsx(bytes: Buffer, options: Pick<ReadTableOptions, 'mapping'> = {}): Promise<QaContent[]> {
  return readTable(await xlsxRows(bytes), options);
}

/**
 * Reads an .xlsx file, returning content problems instead of throwing them (see {@link inspectTable}).
 *
 * @throws QaImportError for problems with the file as a whole (not an xlsx, too large, empty).
 * @example `(await inspectXlsx(bytes)).records.length`
 */
export async function inspectXlsx(bytes: Buffer, options: Pick<ReadTableOptions, 'mapping'> = {}): Promise<QaFileReading> {
  return inspectTable(await xlsxRows(bytes), options);
}

async function xlsxRows(bytes: Buffer): Promise<TableRow[]> {
  await guard(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy gives it exactly that.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    throw unreadable();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable();
  if (sheet.actualRowCount - 1 > QA_IO_LIMITS.maxRows) {
    throw new QaImportError(
      'QA_FILE_TOO_MANY_ROWS',
      `行が多すぎます（上限 ${QA_IO_LIMITS.maxRows.toLocaleString('ja-JP')} 行）。ファイルを分けて取り込んでください`,
    );
  }
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = toCell(cell.value);
    });
    rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
  });
  return rows;
}

const MB = 1024 * 1024;
const SHEETS = /^xl\/worksheets\/[^/]+\.xml$/;

/** What an upload may hold once inflated (QA_IO_LIMITS), for the zip guard. */
const XLSX_ZIP_LIMITS: ZipLimits = {
  totalBytes: QA_IO_LIMITS.maxXlsxUncompressedBytes,
  entryBytes: QA_IO_LIMITS.maxXlsxEntryBytes,
  entries: QA_IO_LIMITS.maxXlsxEntries,
  elements: {
    sharedStrings: { entries: /^xl\/sharedStrings\.xml$/, tag: 'si', max: QA_IO_LIMITS.maxXlsxSharedStrings },
    rows: { entries: SHEETS, tag: 'row', max: QA_IO_LIMITS.maxXlsxRows },
    cells: { entries: SHEETS, tag: 'c', max: QA_IO_LIMITS.maxXlsxCells },
  },
};

const count = (n: number): string => n.toLocaleString('ja-JP');

/** Which cap, in the words staff use. */
const CAP_TEXT: Record<string, string> = {
  totalBytes: `展開後の合計の上限 ${QA_IO_LIMITS.maxXlsxUncompressedBytes / MB} MB`,
  entryBytes: `展開後の1つの部品の上限 ${QA_IO_LIMITS.maxXlsxEntryBytes / MB} MB`,
  entries: `中の部品の数の上限 ${count(QA_IO_LIMITS.maxXlsxEntries)} 個`,
  sharedStrings: `文字列の種類の上限 ${count(QA_IO_LIMITS.maxXlsxSharedStrings)} 個`,
  rows: `行の数の上限 ${count(QA_IO_LIMITS.maxXlsxRows)} 行`,
  cells: `セルの数の上限 ${count(QA_IO_LIMITS.maxXlsxCells)} 個`,
};

async function guard(bytes: Buffer): Promise<void> {
  const kind = sniff(bytes);
  if (kind !== 'zip') throw new QaImportError('QA_FILE_UNREADABLE', describeWrongFile(kind) ?? notXlsxMessage());
  let names: string[];
  try {
    names = (await inspectZip(bytes, XLSX_ZIP_LIMITS)).names;
  } catch (error) {
    if (error instanceof ZipGuardError && (error.problem === 'too-large' || error.problem === 'too-many')) {
      throw new QaImportError(
        'QA_FILE_TOO_LARGE',
        `ファイルが大きすぎます。Excel ファイルの中身が上限を超えています（${CAP_TEXT[error.limit] ?? error.limit}）。ファイルを分けるか、不要なシートや書式を消してから取り込んでください`,
      );
    }
    throw unreadable();
  }
  if (!names.includes('[Content_Types].xml') || !names.includes('xl/workbook.xml')) {
    throw new QaImportError('QA_FILE_UNREADABLE', 'ZIP ファイルですが、Excel（.xlsx）のブックではありません。Excel で .xlsx として保存したファイルを選んでください');
  }
}

function toCell(value: CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return hyperlinkText(value.text);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined) return null;
    return typeof result === 'object' && !(result instanceof Date) ? result.error : result;
  }
  if ('error' in value) return value.error;
  return null;
}

// exceljs types a hyperlink's text as a string, but a styled link carries rich text there.
function hyperlinkText(text: unknown): string {
  if (typeof text === 'string') return text;
  if (typeof text === 'object' && text !== null && 'richText' in text && Array.isArray(text.richText)) {
    return text.richText.map((r: unknown) => (typeof r === 'object' && r !== null && 'text' in r && typeof r.text === 'string' ? r.text : '')).join('');
  }
  return '';
}

function notXlsxMessage(): string {
  return 'Excel（.xlsx）ファイルではないため読み込めません。Excel で「Excel ブック（*.xlsx）」として保存したファイルを選んでください';
}

function unreadable(): QaImportError {
  return new QaImportError('QA_FILE_UNREADABLE', `${notXlsxMessage()}（ファイルが壊れている可能性があります）`);
}
