/**
 * Days and hours as a Japanese city counts them. Japan has one time zone and no daylight saving, so a
 * fixed +09:00 offset is exact; statistics, retention and date filters all use these helpers.
 */

const JAPAN_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant as Japan's wall-clock time in a Date's UTC fields: what Excel shows for a date cell, having no
 * time zones, and what the helpers below read days and hours from.
 *
 * @example japanWallClock('2026-11-30T15:00:00Z').toISOString(); // '2026-12-01T00:00:00.000Z'
 */
export function japanWallClock(at: Date | string): Date {
  return new Date(new Date(at).getTime() + JAPAN_OFFSET_MS);
}

/** The day in Japan of an instant, as YYYY-MM-DD. @example japanDay(new Date('2026-11-30T15:00:00Z')); // '2026-12-01' */
export function japanDay(at: Date): string {
  return japanWallClock(at).toISOString().slice(0, 10);
}

/** The hour (0–23) in Japan of an instant. @example japanHour(new Date('2026-11-30T15:00:00Z')); // 0 */
export function japanHour(at: Date): number {
  return japanWallClock(at).getUTCHours();
}

/**
 * An instant as staff read it: date and time in Japan, the date's parts joined by `separator` ('/' is what
 * Excel takes for a date in a CSV).
 *
 * @example japanDateTime('2026-11-30T05:03:07.123Z', '/'); // '2026/11/30 14:03:07'
 */
export function japanDateTime(at: Date | string, separator = '-'): string {
  return wallClockText(japanWallClock(at), separator);
}

/** A {@link japanWallClock} date as text. @example wallClockText(japanWallClock('2026-11-30T05:03:07Z'), '/'); // '2026/11/30 14:03:07' */
export function wallClockText(wallClock: Date, separator = '-'): string {
  const text = wallClock.toISOString();
  return `${text.slice(0, 10).replaceAll('-', separator)} ${text.slice(11, 19)}`;
}

/** True for a real calendar day written YYYY-MM-DD. @example isDay('2026-02-30'); // false */
export function isDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === value;
}

/** The instant a day starts in Japan, as ISO UTC. @example japanDayStart('2026-12-01'); // '2026-11-30T15:00:00.000Z' */
export function japanDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - JAPAN_OFFSET_MS).toISOString();
}

/** The day `days` after (or before, when negative) a day. @example addDays('2026-12-01', -1); // '2026-11-30' */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the day's week, as weeks are counted in Japanese offices. @example weekOf('2026-11-29'); // '2026-11-23' */
export function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}
