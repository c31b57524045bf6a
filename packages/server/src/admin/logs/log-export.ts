/**
 * The conversation log as a CSV or XLSX file, written batch by batch from the store to a stream, so a year of
 * logs never sits in memory: the console's download and `madoguchi logs export` both use it.
 */
import path from 'node:path';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ApiError } from '../../http/api-error.ts';
import type { ChatTurnQuery, LoggedTurn, Store } from '../../store/store.ts';
import { addSheet, csvHead, csvRecords, drained, writeChunk } from '../reports/spreadsheet.ts';
import type { QuestionLookup } from '../statistics/statistics.ts';
import { LOG_COLUMNS, turnRow } from './turn-rows.ts';

export type LogFormat = 'csv' | 'xlsx';

/** Which turns to export: a list query without paging. */
export type LogExportQuery = Omit<ChatTurnQuery, 'limit' | 'offset'>;

/** Excel's 1,048,576 rows, less the header. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;
/** Turns read from the store at a time. */
const BATCH = 2000;

/** The format a file name asks for, or undefined. @example `logFormatOf('logs.XLSX') // 'xlsx'` */
export function logFormatOf(fileName: string): LogFormat | undefined {
  const extension = path.extname(fileName).toLowerCase();
  return extension === '.csv' ? 'csv' : extension === '.xlsx' ? 'xlsx' : undefined;
}

/**
 * How many turns the export will hold.
 *
 * @throws ApiError EXPORT_TOO_LARGE for an XLSX longer than Excel allows.
 */
export async function countLogExport(store: Store, siteId: string, query: LogExportQuery, format: LogFormat): Promise<number> {
  const { total } = await store.listChatTurns(siteId, { ...query, limit: 1 });
  if (format === 'xlsx' && total > XLSX_MAX_DATA_ROWS) {
    throw new ApiError(
      400,
      'EXPORT_TOO_LARGE',
      `該当する会話が ${total.toLocaleString('ja-JP')} 件あり、Excel の1シートに入る ${XLSX_MAX_DATA_ROWS.toLocaleString('ja-JP')} 件を超えています。CSV で書き出すか、期間を短くしてください。`,
    );
  }
  return total;
}

/**
 * Writes the turns, oldest first, to `out` and ends it; stops early when `out` is closed (a cancelled download).
 * Returns the number of turns written.
 *
 * @example `const written = await writeLogExport(store, 'default', { days }, 'csv', createWriteStream('logs.csv'), questionOf);`
 */
export async function writeLogExport(
  store: Store,
  siteId: string,
  query: LogExportQuery,
  format: LogFormat,
  out: Writable,
  questionOf: QuestionLookup,
): Promise<number> {
  const turns = store.eachChatTurn(siteId, query, BATCH);
  return format === 'csv' ? writeCsv(turns, out, questionOf) : writeXlsx(turns, out, questionOf);
}

async function writeCsv(turns: AsyncIterable<LoggedTurn[]>, out: Writable, questionOf: QuestionLookup): Promise<number> {
  let written = 0;
  if (!(await writeChunk(out, csvHead(LOG_COLUMNS)))) return written;
  for await (const batch of turns) {
    if (!(await writeChunk(out, csvRecords(LOG_COLUMNS, batch.map((turn) => turnRow(turn, questionOf)))))) return written;
    written += batch.length;
  }
  out.end();
  return written;
}

async function writeXlsx(turns: AsyncIterable<LoggedTurn[]>, out: Writable, questionOf: QuestionLookup): Promise<number> {
  // Rows go to the zip as they are committed; shared strings would keep every text in memory until the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Madoguchi';
  const sheet = addSheet(workbook, '会話ログ', LOG_COLUMNS);
  let written = 0;
  for await (const batch of turns) {
    for (const turn of batch) sheet.addRow(turnRow(turn, questionOf)).commit();
    written += batch.length;
    await drained(out);
    if (out.destroyed) return written;
  }
  sheet.commit();
  await workbook.commit();
  return written;
}
