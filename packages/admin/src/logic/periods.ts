/**
 * Periods as a Japanese city office counts them: days in Japan, weeks from Monday, the fiscal year from
 * April to March. The statistics screen's presets, its address query, and the labels of its buckets.
 * Days are `YYYY-MM-DD` strings and months `YYYY-MM`, so nothing depends on the browser's time zone.
 */

export type Bucket = 'day' | 'week' | 'month';
export const BUCKETS: readonly Bucket[] = ['day', 'week', 'month'];
export const BUCKET_LABELS: Readonly<Record<Bucket, string>> = { day: '日', week: '週', month: '月' };

export type PresetId = 'thisMonth' | 'lastMonth' | 'last7' | 'last30' | 'fiscalYear' | 'custom';
export const PRESETS: readonly PresetId[] = ['thisMonth', 'lastMonth', 'last7', 'last30', 'fiscalYear', 'custom'];
export const PRESET_LABELS: Readonly<Record<PresetId, string>> = {
  thisMonth: '今月',
  lastMonth: '先月',
  last7: '直近7日',
  last30: '直近30日',
  fiscalYear: '今年度',
  custom: '期間を指定',
};

/** Both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

const JAPAN_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** @example japanToday(new Date('2026-11-30T15:00:00Z')) // '2026-12-01' */
export function japanToday(now: Date): string {
  return new Date(now.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** True for a real calendar day. @example isDay('2026-02-30') // false */
export function isDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** The time in Japan of an instant, to the second. @example japanDateTime('2026-11-30T15:04:05Z') // '2026/12/1 00:04:05' */
export function japanDateTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const text = new Date(time + JAPAN_OFFSET_MS).toISOString();
  return `${Number(text.slice(0, 4))}/${Number(text.slice(5, 7))}/${Number(text.slice(8, 10))} ${text.slice(11, 19)}`;
}

/** @example isMonth('2026-13') // false */
export function isMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}

/** @example addDays('2026-03-01', -1) // '2026-02-28' */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** @example addMonths('2026-01', -1) // '2025-12' */
export function addMonths(month: string, months: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first and last day of a month. @example monthRange('2026-02') // { from: '2026-02-01', to: '2026-02-28' } */
export function monthRange(month: string): DayRange {
  return { from: `${month}-01`, to: addDays(`${addMonths(month, 1)}-01`, -1) };
}

/** The months a report can be chosen from, newest first. @example recentMonths('2026-02', 3) // ['2026-02', '2026-01', '2025-12'] */
export function recentMonths(thisMonth: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addMonths(thisMonth, -index));
}

/**
 * The month of the monthly report in the address (`?month=2026-10`); without one, or with a month still to
 * come, the last finished month, the one a department meeting discusses.
 *
 * @example reportMonthFromQuery(new URLSearchParams(''), '2026-11-30') // '2026-10'
 */
export function reportMonthFromQuery(query: URLSearchParams, today: string): string {
  const asked = query.get('month') ?? '';
  const thisMonth = today.slice(0, 7);
  return isMonth(asked) && asked <= thisMonth ? asked : addMonths(thisMonth, -1);
}

/** The April 1st that starts the fiscal year (年度) of a day. @example fiscalYearStart('2027-03-31') // '2026-04-01' */
export function fiscalYearStart(day: string): string {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 4 ? `${year}-04-01` : `${year - 1}-04-01`;
}

/**
 * The days of a preset, counted up to today (a period still running ends today, not in the future).
 *
 * @example presetRange('last7', '2026-11-30') // { from: '2026-11-24', to: '2026-11-30' }
 */
export function presetRange(preset: Exclude<PresetId, 'custom'>, today: string): DayRange {
  const month = today.slice(0, 7);
  switch (preset) {
    case 'thisMonth':
      return { from: `${month}-01`, to: today };
    case 'lastMonth':
      return monthRange(addMonths(month, -1));
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'fiscalYear':
      return { from: fiscalYearStart(today), to: today };
  }
}

/** The number of days in a range, both ends included. @example dayCount({ from: '2026-11-01', to: '2026-11-30' }) // 30 */
export function dayCount(range: DayRange): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * What is wrong with chosen days, in words staff can act on, or '' when they are fine.
 *
 * @example rangeProblem({ from: '2026-11-30', to: '2026-11-01' }) // '開始日は、終了日と同じ日か、それより前にしてください。'
 */
export function rangeProblem(range: DayRange): string {
  if (!isDay(range.from) || !isDay(range.to)) return '開始日と終了日を、どちらも日付で入力してください。';
  if (range.from > range.to) return '開始日は、終了日と同じ日か、それより前にしてください。';
  return '';
}

/** What the statistics screen shows: a preset or chosen days, counted by day, week or month. */
export interface StatisticsView {
  preset: PresetId;
  range: DayRange;
  bucket: Bucket;
}

/** Longer periods read better by week or month. */
function defaultBucket(range: DayRange): Bucket {
  const days = dayCount(range);
  return days > 180 ? 'month' : days > 45 ? 'week' : 'day';
}

/**
 * The view in an address query (`?period=lastMonth&bucket=week`, or `?from=…&to=…`); anything missing or
 * malformed falls back to 今月 by day. A preset is kept by name, so a link opened next month shows next
 * month's 先月.
 *
 * @example statisticsViewFromQuery(new URLSearchParams('from=2026-10-01&to=2026-10-31'), '2026-11-30').preset // 'custom'
 */
export function statisticsViewFromQuery(query: URLSearchParams, today: string): StatisticsView {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const named = PRESETS.find((preset) => preset !== 'custom' && preset === query.get('period')) as Exclude<PresetId, 'custom'> | undefined;
  let preset: PresetId;
  let range: DayRange;
  if (named) {
    preset = named;
    range = presetRange(named, today);
  } else if (isDay(from) && isDay(to) && from <= to) {
    preset = 'custom';
    range = { from, to };
  } else {
    preset = 'thisMonth';
    range = presetRange('thisMonth', today);
  }
  const asked = query.get('bucket');
  const bucket = BUCKETS.find((value) => value === asked) ?? defaultBucket(range);
  return { preset, range, bucket };
}

/**
 * The address query of a view (the inverse of {@link statisticsViewFromQuery}).
 *
 * @example queryFromStatisticsView({ preset: 'last7', range, bucket: 'day' }) // '?period=last7&bucket=day'
 */
export function queryFromStatisticsView(view: StatisticsView): string {
  const params = new URLSearchParams();
  if (view.preset === 'custom') {
    params.set('from', view.range.from);
    params.set('to', view.range.to);
  } else params.set('period', view.preset);
  params.set('bucket', view.bucket);
  return `?${params.toString()}`;
}

/** @example dayLabel('2026-11-30') // '2026年11月30日（月）' */
export function dayLabel(day: string): string {
  const weekday = WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? '';
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日（${weekday}）`;
}

/** @example monthLabel('2026-04') // '2026年4月' */
export function monthLabel(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

/** @example rangeLabel({ from: '2026-11-01', to: '2026-11-30' }) // '2026年11月1日（日）〜2026年11月30日（月）' */
export function rangeLabel(range: DayRange): string {
  return range.from === range.to ? dayLabel(range.from) : `${dayLabel(range.from)}〜${dayLabel(range.to)}`;
}

/** One bucket of a series: its key (a day, a week's Monday, or `YYYY-MM`) and its days within the range. */
export interface BucketDays {
  bucket: string;
  from: string;
  to: string;
}

/**
 * The labels of a series' buckets: `short` for a chart's axis (a month shows its year where the series
 * starts and where the year changes), `full` for tables and screen readers (a week names its days, cut
 * by the range's ends).
 *
 * @example bucketLabels('week', [{ bucket: '2026-11-23', from: '2026-11-25', to: '2026-11-29' }])
 * // [{ short: '11/23〜', full: '2026年11月25日（水）〜2026年11月29日（日）' }]
 */
export function bucketLabels(bucket: Bucket, points: readonly BucketDays[]): { short: string; full: string }[] {
  return points.map((point, index) => {
    const month = Number(point.bucket.slice(5, 7));
    if (bucket === 'month') {
      const year = point.bucket.slice(0, 4);
      const yearShown = index === 0 || points[index - 1]?.bucket.slice(0, 4) !== year;
      return { short: yearShown ? `${Number(year)}年${month}月` : `${month}月`, full: monthLabel(point.bucket.slice(0, 7)) };
    }
    const short = `${month}/${Number(point.bucket.slice(8, 10))}`;
    if (bucket === 'week') return { short: `${short}〜`, full: rangeLabel(point) };
    return { short, full: dayLabel(point.bucket) };
  });
}

/** @example hourLabel(9) // '9時台' */
export function hourLabel(hour: number): string {
  return `${hour}時台`;
}
