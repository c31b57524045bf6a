import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addDays,
  addMonths,
  bucketLabels,
  dayCount,
  dayLabel,
  fiscalYearStart,
  isDay,
  isMonth,
  japanDateTime,
  japanToday,
  monthRange,
  presetRange,
  queryFromStatisticsView,
  rangeLabel,
  rangeProblem,
  recentMonths,
  reportMonthFromQuery,
  statisticsViewFromQuery,
} from './periods.ts';

test('today is the day in Japan, whatever the browser’s time zone', () => {
  assert.equal(japanToday(new Date('2026-11-30T14:59:59Z')), '2026-11-30');
  assert.equal(japanToday(new Date('2026-11-30T15:00:00Z')), '2026-12-01');
  assert.equal(japanDateTime('2026-11-30T15:04:05.120Z'), '2026/12/1 00:04:05');
  assert.equal(japanDateTime('not a time'), 'not a time');
});

test('days and months add across month, year and leap-year ends', () => {
  assert.equal(addDays('2028-03-01', -1), '2028-02-29');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addMonths('2026-01', -1), '2025-12');
  assert.equal(addMonths('2026-11', 14), '2028-01');
  assert.deepEqual(monthRange('2026-02'), { from: '2026-02-01', to: '2026-02-28' });
  assert.deepEqual(monthRange('2028-02'), { from: '2028-02-01', to: '2028-02-29' });
  assert.equal(dayCount({ from: '2026-11-01', to: '2026-11-30' }), 30);
  assert.ok(isDay('2028-02-29'));
  assert.ok(!isDay('2026-02-29'));
  assert.ok(!isDay('2026-1-01'));
  assert.ok(!isDay('2026-13-01'));
  assert.ok(isMonth('2026-12'));
  assert.ok(!isMonth('2026-13'));
});

test('the fiscal year (年度) runs from April to March', () => {
  assert.equal(fiscalYearStart('2026-04-01'), '2026-04-01');
  assert.equal(fiscalYearStart('2027-03-31'), '2026-04-01');
  assert.equal(fiscalYearStart('2027-01-15'), '2026-04-01');
});

test('each preset covers its days, ending today at the latest', () => {
  const today = '2027-01-15';
  assert.deepEqual(presetRange('thisMonth', today), { from: '2027-01-01', to: '2027-01-15' });
  assert.deepEqual(presetRange('lastMonth', today), { from: '2026-12-01', to: '2026-12-31' });
  assert.deepEqual(presetRange('last7', today), { from: '2027-01-09', to: '2027-01-15' });
  assert.equal(dayCount(presetRange('last30', today)), 30);
  assert.deepEqual(presetRange('fiscalYear', today), { from: '2026-04-01', to: '2027-01-15' });
});

test('the view round-trips through the address; a preset is kept by name, chosen days as days', () => {
  const today = '2026-11-30';
  const preset = statisticsViewFromQuery(new URLSearchParams('period=lastMonth&bucket=week'), today);
  assert.deepEqual(preset, { preset: 'lastMonth', range: { from: '2026-10-01', to: '2026-10-31' }, bucket: 'week' });
  assert.equal(queryFromStatisticsView(preset), '?period=lastMonth&bucket=week');
  assert.deepEqual(statisticsViewFromQuery(new URLSearchParams(queryFromStatisticsView(preset)), today), preset);
  const custom = statisticsViewFromQuery(new URLSearchParams('from=2026-06-01&to=2026-06-10&bucket=day'), today);
  assert.deepEqual(custom, { preset: 'custom', range: { from: '2026-06-01', to: '2026-06-10' }, bucket: 'day' });
  assert.equal(queryFromStatisticsView(custom), '?from=2026-06-01&to=2026-06-10&bucket=day');
});

test('nonsense in the address falls back to this month; long periods default to weeks or months', () => {
  const today = '2026-11-30';
  assert.deepEqual(statisticsViewFromQuery(new URLSearchParams('period=x&from=2026-02-30&to=2026-03-01&bucket=year'), today), {
    preset: 'thisMonth',
    range: { from: '2026-11-01', to: '2026-11-30' },
    bucket: 'day',
  });
  assert.equal(statisticsViewFromQuery(new URLSearchParams('from=2026-11-30&to=2026-11-01'), today).preset, 'thisMonth');
  assert.equal(statisticsViewFromQuery(new URLSearchParams('from=2026-10-01&to=2026-11-30'), today).bucket, 'week');
  assert.equal(statisticsViewFromQuery(new URLSearchParams('period=fiscalYear'), today).bucket, 'month');
  assert.equal(statisticsViewFromQuery(new URLSearchParams('from=2025-01-01&to=2026-11-30'), today).bucket, 'month');
});

test('days, ranges and buckets read in Japanese, with the weekday', () => {
  assert.equal(dayLabel('2026-11-30'), '2026年11月30日（月）');
  assert.equal(rangeLabel({ from: '2026-11-30', to: '2026-11-30' }), '2026年11月30日（月）');
  assert.equal(rangeLabel({ from: '2026-11-01', to: '2026-11-30' }), '2026年11月1日（日）〜2026年11月30日（月）');
  assert.deepEqual(bucketLabels('day', [{ bucket: '2026-11-30', from: '2026-11-30', to: '2026-11-30' }]), [{ short: '11/30', full: '2026年11月30日（月）' }]);
  // A week cut by the range's start names the days it covers.
  assert.deepEqual(bucketLabels('week', [{ bucket: '2026-11-23', from: '2026-11-25', to: '2026-11-29' }]), [{ short: '11/23〜', full: '2026年11月25日（水）〜2026年11月29日（日）' }]);
  // Months show their year where the series starts and where the year changes.
  const months = bucketLabels('month', [
    { bucket: '2026-11', from: '2026-11-01', to: '2026-11-30' },
    { bucket: '2026-12', from: '2026-12-01', to: '2026-12-31' },
    { bucket: '2027-01', from: '2027-01-01', to: '2027-01-31' },
  ]);
  assert.deepEqual(
    months.map((label) => label.short),
    ['2026年11月', '12月', '2027年1月'],
  );
  assert.equal(months[1]?.full, '2026年12月');
});

test('chosen days that cannot be shown say why', () => {
  assert.equal(rangeProblem({ from: '2026-11-01', to: '2026-11-30' }), '');
  assert.equal(rangeProblem({ from: '2026-11-30', to: '2026-11-30' }), '');
  assert.match(rangeProblem({ from: '2026-11-30', to: '2026-11-01' }), /開始日は、終了日と同じ日か、それより前/);
  assert.match(rangeProblem({ from: '', to: '2026-11-01' }), /日付で入力/);
});

test('the monthly report opens on the last finished month; months to come are refused', () => {
  const today = '2027-01-15';
  assert.equal(reportMonthFromQuery(new URLSearchParams(''), today), '2026-12');
  assert.equal(reportMonthFromQuery(new URLSearchParams('month=2026-04'), today), '2026-04');
  assert.equal(reportMonthFromQuery(new URLSearchParams('month=2027-01'), today), '2027-01');
  assert.equal(reportMonthFromQuery(new URLSearchParams('month=2027-02'), today), '2026-12');
  assert.equal(reportMonthFromQuery(new URLSearchParams('month=2026-4'), today), '2026-12');
  assert.deepEqual(recentMonths('2026-02', 3), ['2026-02', '2026-01', '2025-12']);
});
