/**
 * Tables as staff download them, for every export of logs, statistics and reports: CSV as Japanese Excel reads
 * it (UTF-8 with BOM, CRLF, cells Excel would run as formulas defused) and XLSX sheets with a bold, frozen,
 * filterable header. Times are shown in Japan time; rates as percentages.
 */
import type { Readable, Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { Type } from 'typebox';
import { escapeFormula } from '../../qa/io/csv.ts';
import { wallClockText } from '../../time/japan-time.ts';

/** The success response of a download route: a file's bytes, whole or streamed. */
export function downloadSchema(description: string) {
  return Type.Unsafe<Buffer | string | Readable>({ type: 'string', format: 'binary', description });
}

export type Cell = string | number | Date | null;

export interface Column {
  header: string;
  /** `percent`: a 0–1 number shown as 12.3%; `datetime`: a Date holding Japan wall-clock time (see japanWallClock). */
  format?: 'percent' | 'datetime';
  /** Width in characters in XLSX. */
  width?: number;
}

/** One table: one CSV file or one sheet. Sheet names are at most 31 characters. */
export interface Table {
  name: string;
  columns: readonly Column[];
  rows: Cell[][];
}


function csvCell(cell: Cell, column: Column | undefined): string {
  if (cell === null) return '';
  // 2026/11/30 14:03:07: Excel reads it as a date and time.
  if (cell instanceof Date) return wallClockText(cell, '/');
  if (typeof cell === 'number') return column?.format === 'percent' ? `${(cell * 100).toFixed(1)}%` : String(cell);
  return escapeFormula(cell);
}

/** Records as CSV text (no BOM): CRLF between records, quoted where needed. */
export function csvRecords(columns: readonly Column[], rows: readonly Cell[][]): string {
  return stringify(
    rows.map((row) => row.map((cell, i) => csvCell(cell, columns[i]))),
    { record_delimiter: '\r\n', quote_record_delimiter: true },
  );
}

/** The BOM and the header line that start every CSV download. */
export function csvHead(columns: readonly Column[]): string {
  return `\uFEFF${csvRecords([], [columns.map((c) => c.header)])}`;
}

/** A whole table as one CSV file. @example `reply.send(tableCsv(table))` */
export function tableCsv(table: Table): string {
  return csvHead(table.columns) + csvRecords(table.columns, table.rows);
}

/**
 * Adds a sheet with the table's header, column widths and formats; rows are added by the caller (a streaming
 * workbook commits each one).
 */
export function addSheet(workbook: ExcelJS.Workbook, name: string, columns: readonly Column[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    style: c.format === 'percent' ? { numFmt: '0.0%' } : c.format === 'datetime' ? { numFmt: 'yyyy/mm/dd hh:mm:ss' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/** Tables as one workbook, a sheet each. @example `await writeFile('statistics.xlsx', await tablesXlsx(tables))` */
export async function tablesXlsx(tables: readonly Table[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Madoguchi';
  for (const table of tables) addSheet(workbook, table.name, table.columns).addRows(table.rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Writes text, waiting while the reader is behind; false when the stream was closed (the download was cancelled).
 */
export async function writeChunk(out: Writable, text: string): Promise<boolean> {
  if (out.destroyed) return false;
  if (!out.write(text)) await drained(out);
  return !out.destroyed;
}

/** Resolves when a stream can take more, or has closed. */
export function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
