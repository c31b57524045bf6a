/**
 * Natural order of 管理番号 ("2" before "10", "A-9" before "A-10"), done in code rather than SQL so
 * SQLite and PostgreSQL sort identically without collation extensions.
 */

const CHUNK = /\d+|\D+/g;

/**
 * Compares two QA ids naturally: digit runs by numeric value, other runs by code point, ties broken by
 * plain code-point order so the result is total and deterministic.
 *
 * @example
 * ```ts
 * ['10', '2', 'A-10', 'A-9'].sort(compareQaIds); // ['2', '10', 'A-9', 'A-10']
 * ```
 */
export function compareQaIds(a: string, b: string): number {
  const as = a.match(CHUNK) ?? [];
  const bs = b.match(CHUNK) ?? [];
  const n = Math.min(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const x = as[i] ?? '';
    const y = bs[i] ?? '';
    const c = isDigits(x) && isDigits(y) ? compareDigitRuns(x, y) : compareCodePoints(x, y);
    if (c !== 0) return c;
  }
  if (as.length !== bs.length) return as.length - bs.length;
  return compareCodePoints(a, b);
}

function isDigits(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57;
}

// Compares without Number() so ids longer than 2^53 still order correctly.
function compareDigitRuns(x: string, y: string): number {
  const xs = x.replace(/^0+/, '');
  const ys = y.replace(/^0+/, '');
  if (xs.length !== ys.length) return xs.length - ys.length;
  return compareCodePoints(xs, ys);
}

function compareCodePoints(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
