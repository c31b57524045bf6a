/**
 * Cells as the readers deliver them, and their conversion to text and lists. CSV gives strings; XLSX also
 * gives numbers, booleans and dates.
 */

/** One cell value. `null` is an empty cell. */
export type Cell = string | number | boolean | Date | null;

/**
 * A sheet row with the row number the user sees (header = 1).
 *
 * @example `{ row: 2, cells: ['1001', '届出・証明', …] }`
 */
export interface TableRow {
  row: number;
  cells: Cell[];
}

/**
 * The cell as text: CRLF and lone CR become LF (Excel on Windows writes either inside cells), then trimmed.
 * Dates become YYYY-MM-DD (they only appear where Excel turned a typed date into one).
 *
 * @example `cellText('  a\r\nb ') // 'a\nb'`
 */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return normalizeText(cell);
}

/**
 * LF line breaks and no surrounding whitespace.
 *
 * @example `normalizeText(' a\r\n') // 'a'`
 */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/**
 * Splits on the given separators, trims, drops empty items and duplicates (first one wins).
 *
 * @example `splitList('a、b\n a ,', /[\n、,]/) // ['a', 'b']`
 */
export function splitList(text: string, separators: RegExp): string[] {
  return uniqueNonEmpty(text.split(separators));
}

/**
 * Trims each item, then drops empty ones and repeats, keeping the first occurrence's position.
 *
 * @example `uniqueNonEmpty([' a', '', 'a', 'b']) // ['a', 'b']`
 */
export function uniqueNonEmpty(items: readonly string[]): string[] {
  return [...new Set(items.map(normalizeText).filter((s) => s !== ''))];
}

/** Separators of 言い換え and 参照URL cells: one item per line. */
export const LINE_SEPARATOR = /\n/;
/** Separators of キーワード cells: lines, 、 and commas (full or half width). */
export const KEYWORD_SEPARATORS = /[\n、，,]/;
/** Separators of 関連QA cells: lines, 、, commas and semicolons (full or half width). */
export const ID_LIST_SEPARATORS = /[\n、，,；;]/;
