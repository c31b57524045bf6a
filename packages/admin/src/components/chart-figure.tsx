/**
 * A chart as the statistics screens show it: a heading, a sentence that sums it up, the picture, and the
 * same figures as a table under 「表で見る」, so nothing is only in the picture (JIS X 8341-3, 1.1.1).
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { formatCount } from '../logic/figures.ts';
import { BarChart, Swatch, type BarSeries } from './bar-chart.tsx';

interface ChartFigureProps {
  title: string;
  summary: string;
  categories: readonly { short: string; full: string }[];
  series: readonly BarSeries[];
  /** The table's first column: what each row is (日付, 時間帯, 分類…). */
  categoryHeader: string;
  stacked?: boolean;
  horizontal?: boolean;
  /** Buttons under the table (a CSV download). */
  actions?: ComponentChildren;
}

export function ChartFigure({ title, summary, categories, series, categoryHeader, stacked, horizontal, actions }: ChartFigureProps) {
  const id = useId();
  const totals = categories.map((_, index) => series.reduce((sum, one) => sum + (one.values[index] ?? 0), 0));
  return (
    <section class="chart-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p class="chart-summary">{summary}</p>
      {series.length > 1 ? (
        <ul class="chart-legend" aria-label="凡例">
          {series.map((one) => (
            <li key={one.label}>
              <Swatch mark={one.mark} />
              {one.label}
            </li>
          ))}
        </ul>
      ) : null}
      <BarChart
        categories={categories.map((category) => category.short)}
        series={series}
        stacked={stacked}
        horizontal={horizontal}
        label={`${title}のグラフ。${summary}数値は「表で見る」で確かめられます。`}
      />
      <details class="collapsible chart-table">
        <summary>
          表で見る<span class="visually-hidden">（{title}）</span>
        </summary>
        <div class="collapsible-body table-wrap">
          <table class="stat-table">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{categoryHeader}</th>
                {series.map((one) => (
                  <th key={one.label} scope="col" class="number">
                    {one.label}
                  </th>
                ))}
                {series.length > 1 ? (
                  <th scope="col" class="number">
                    合計
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {categories.map((category, index) => (
                <tr key={category.full}>
                  <th scope="row">{category.full}</th>
                  {series.map((one) => (
                    <td key={one.label} class="number">
                      {formatCount(one.values[index] ?? 0)}
                    </td>
                  ))}
                  {series.length > 1 ? <td class="number">{formatCount(totals[index] ?? 0)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {actions}
    </section>
  );
}
