/**
 * 公開開始日 / 公開終了日: YYYY-MM-DD in QaContent, read from what Excel users actually produce
 * (2026/4/1, 2026年4月1日, date cells, date serial numbers).
 */
import type { Cell } from './cells.ts';

// The serial of 1900-03-01 and later counts from 1899-12-30 (Excel's 1900 leap-year bug sits before it).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

const TEXT_DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?Z?)?$/;

/**
 * The cell as YYYY-MM-DD, `null` for an empty cell, or `undefined` when it is not a date.
 *
 * @example
 * ```ts
 * parseDateCell('2026/4/1');   // '2026-04-01'
 * parseDateCell(46113);        // '2026-04-01' (Excel serial)
 * parseDateCell('2026-02-30'); // undefined
 * ```
 */
export function parseDateCell(cell: Cell): string | null | undefined {
  if (cell === null) return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : formatUtcDate(cell);
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 61 || cell > MAX_EXCEL_SERIAL) return undefined;
    return formatUtcDate(new Date(EXCEL_EPOCH_MS + Math.floor(cell) * DAY_MS));
  }
  if (typeof cell === 'boolean') return undefined;
  const text = cell.normalize('NFKC').trim();
  if (text === '') return null;
  const m = TEXT_DATE.exec(text);
  if (!m) return undefined;
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * A YYYY-MM-DD string as a Date at UTC midnight (how Excel date cells are written and read).
 *
 * @example `isoDateToUtc('2026-04-01').toISOString() // '2026-04-01T00:00:00.000Z'`
 */
export function isoDateToUtc(text: string): Date {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return formatUtcDate(date);
}

function formatUtcDate(date: Date): string {
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
