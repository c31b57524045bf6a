/**
 * Numbers as the statistics screens write them: counts with separators, rates to one decimal, and the
 * change from the previous month. A rate with nothing to divide by is 「—」, never 0 % or 100 %.
 */

/** Written in place of a rate that has no base. */
export const NO_RATE = '—';

/** @example formatCount(12345) // '12,345' */
export function formatCount(value: number): string {
  return value.toLocaleString('ja-JP');
}

/** A share from 0 to 1, or null when the base is zero. @example rate(1, 4) // 0.25 */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** @example formatRate(0.7125) // '71.3%' */
export function formatRate(value: number | null): string {
  return value === null ? NO_RATE : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** @example formatShare(57, 80) // '71.3%' */
export function formatShare(part: number, whole: number): string {
  return formatRate(rate(part, whole));
}

/** A signed number with a real minus sign. */
function signed(value: string, negative: boolean, zero: boolean): string {
  return zero ? `±${value}` : `${negative ? '−' : '+'}${value}`;
}

/** @example formatDifference(120, 98) // '+22' */
export function formatDifference(current: number, previous: number): string {
  const difference = current - previous;
  return signed(formatCount(Math.abs(difference)), difference < 0, difference === 0);
}

/** A change of rate in percentage points. @example formatPointDifference(0.712, 0.687) // '+2.5ポイント' */
export function formatPointDifference(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return NO_RATE;
  const points = Math.round((current - previous) * 1000) / 10;
  return `${signed(Math.abs(points).toFixed(1), points < 0, points === 0)}ポイント`;
}

/** @example formatMilliseconds(12.34) // '12.3 ミリ秒' */
export function formatMilliseconds(value: number | null): string {
  return value === null ? NO_RATE : `${(Math.round(value * 10) / 10).toLocaleString('ja-JP')} ミリ秒`;
}
