/**
 * The statistics charts shared by 統計 and 月次レポート: typed questions by outcome over time, by hour of
 * day, and by a breakdown (category, language). Each is a ChartFigure with its summary and its table.
 */
import type { CountsView, OutcomeFigure, StatisticsReply } from '@madoguchi/server/admin-api';
import type { ComponentChildren } from 'preact';
import { OUTCOME_MARKS } from '../logic/chart-marks.ts';
import { rankingText, seriesText } from '../logic/chart-text.ts';
import { BUCKET_LABELS, bucketLabels, hourLabel } from '../logic/periods.ts';
import type { BarSeries } from './bar-chart.tsx';
import { ChartFigure } from './chart-figure.tsx';

type Outcome = keyof typeof OUTCOME_MARKS;
const STACKED: readonly Outcome[] = ['answered', 'candidates', 'none'];

/** Typed questions split by outcome, named as the outcome figures name them. */
function outcomeSeries(rows: readonly CountsView[], outcomes: readonly OutcomeFigure[]): BarSeries[] {
  return STACKED.map((key) => ({
    label: outcomes.find((figure) => figure.key === key)?.label ?? key,
    values: rows.map((row) => row[key]),
    mark: OUTCOME_MARKS[key],
  }));
}

interface ChartProps {
  statistics: StatisticsReply;
  actions?: ComponentChildren;
}

export function TrendChart({ statistics, actions }: ChartProps) {
  const bucket = statistics.range.bucket;
  const labels = bucketLabels(bucket, statistics.series);
  const unit = BUCKET_LABELS[bucket] as '日' | '週' | '月';
  return (
    <ChartFigure
      title={`質問数の推移（${unit}ごと）`}
      summary={seriesText(
        statistics.series.map((point, index) => ({ label: labels[index]?.full ?? point.bucket, count: point.typed })),
        unit,
      )}
      categories={labels}
      series={outcomeSeries(statistics.series, statistics.outcomes)}
      categoryHeader={bucket === 'day' ? '日付' : bucket === 'week' ? '週' : '月'}
      stacked
      actions={actions}
    />
  );
}

export function HoursChart({ statistics, actions }: ChartProps) {
  const categories = statistics.hours.map((row) => ({ short: String(row.hour), full: hourLabel(row.hour) }));
  const ranking = rankingText(
    statistics.hours.map((row) => ({ label: hourLabel(row.hour), count: row.typed })),
    '時間帯',
    statistics.totals.typed,
  );
  return (
    <ChartFigure
      title="時間帯別の質問数"
      summary={ranking || 'この期間に入力された質問はありません。'}
      categories={categories}
      series={outcomeSeries(statistics.hours, statistics.outcomes)}
      categoryHeader="時間帯（日本時間）"
      stacked
      actions={actions}
    />
  );
}

interface BreakdownChartProps extends ChartProps {
  title: string;
  /** 「分類」, 「言語」: the table's first column and the summary's subject. */
  what: string;
  rows: readonly (CountsView & { value: string })[];
  nameOf: (value: string) => string;
}

/** Rows without typed questions (only clicks) are left out: the chart counts questions. */
export function BreakdownChart({ statistics, title, what, rows, nameOf, actions }: BreakdownChartProps) {
  const shown = rows.filter((row) => row.typed > 0);
  const categories = shown.map((row) => ({ short: nameOf(row.value), full: nameOf(row.value) }));
  return (
    <ChartFigure
      title={title}
      summary={rankingText(
        shown.map((row) => ({ label: nameOf(row.value), count: row.typed })),
        what,
        statistics.totals.typed,
      ) || 'この期間に入力された質問はありません。'}
      categories={categories}
      series={outcomeSeries(shown, statistics.outcomes)}
      categoryHeader={what}
      stacked
      horizontal
      actions={actions}
    />
  );
}
