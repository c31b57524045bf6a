/**
 * The monthly report a department takes to its meeting: the month's statistics (per day), the previous
 * month's figures beside them, and the questions that went wrong most often. Built from the statistics
 * reader, so its figures are the 統計 screen's.
 */
import { ApiError } from '../../http/api-error.ts';
import type { DayRange, Store } from '../../store/store.ts';
import { addDays } from '../../time/japan-time.ts';
import { readStatistics } from '../statistics/read-statistics.ts';
import type { QuestionLookup } from '../statistics/statistics.ts';
import type { MonthlyReportReply } from './schema.ts';

/** Questions listed in the report's unanswered sheet. */
const UNANSWERED_LISTED = 100;

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The days of a month. @example `monthDays('2026-02') // { from: '2026-02-01', to: '2026-02-28' }` */
export function monthDays(month: string): DayRange {
  const from = `${month}-01`;
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);
  return { from, to: addDays(next, -1) };
}

/**
 * @throws ApiError INVALID_REQUEST for anything but a month written YYYY-MM.
 * @example `parseMonth('2026-11') // '2026-11'`
 */
export function parseMonth(month: string): string {
  if (!MONTH_PATTERN.test(month)) throw new ApiError(400, 'INVALID_REQUEST', `月「${month}」を読み取れません。2026-11 のように「年-月」で指定してください。`);
  return month;
}

/** @example `previousMonth('2026-01') // '2025-12'` */
export function previousMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}

/** @example `await readMonthlyReport(store, 'default', '2026-11', questionOf)` */
export async function readMonthlyReport(store: Store, siteId: string, month: string, questionOf: QuestionLookup): Promise<MonthlyReportReply> {
  const before = previousMonth(month);
  const days = monthDays(month);
  const [statistics, previous, unanswered] = await Promise.all([
    readStatistics(store, siteId, days, 'day', questionOf),
    readStatistics(store, siteId, monthDays(before), 'month', questionOf),
    store.listFailedQuestions(siteId, days, UNANSWERED_LISTED),
  ]);
  return {
    month,
    previousMonth: before,
    statistics,
    previous: { range: previous.range, totals: previous.totals, outcomes: previous.outcomes },
    unanswered,
  };
}
