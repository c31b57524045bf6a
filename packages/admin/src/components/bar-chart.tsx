/**
 * A bar chart drawn by Chart.js on a canvas: one or more series, stacked or side by side, vertical or
 * horizontal. Only the bar chart's parts are registered, so the rest of Chart.js stays out of the bundle;
 * the legend is HTML (read by screen readers, sized like text) and exact values are in the table beside the
 * chart, so Chart.js's canvas legend and hover tooltip are left out too. Chart.js adds no <style> element
 * and no inline script, so it runs under the console's strict CSP.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { MarkStyle } from '../logic/chart-marks.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale);
Chart.defaults.font.size = 13;
Chart.defaults.color = '#1b1b1b';

export interface BarSeries {
  label: string;
  values: readonly number[];
  mark: MarkStyle;
}

interface BarChartProps {
  /** One per bar, as the axis shows it. */
  categories: readonly string[];
  series: readonly BarSeries[];
  stacked?: boolean;
  /** Bars grow to the right (long category names read better). */
  horizontal?: boolean;
  /** The text alternative of the picture. */
  label: string;
}

const TILE = 8;
const SWATCH = { width: 28, height: 16 };

/** The mark's fill: its colour, with white stripes or dots drawn over it (readable in grey). */
function fillOf(mark: MarkStyle): string | CanvasPattern {
  if (mark.pattern === 'solid') return mark.color;
  const tile = document.createElement('canvas');
  tile.width = TILE;
  tile.height = TILE;
  const context = tile.getContext('2d');
  if (!context) return mark.color;
  context.fillStyle = mark.color;
  context.fillRect(0, 0, TILE, TILE);
  context.fillStyle = '#ffffff';
  context.strokeStyle = '#ffffff';
  if (mark.pattern === 'stripes') {
    context.lineWidth = 2;
    context.beginPath();
    // Three segments so the stripes join across tiles.
    for (const offset of [-TILE, 0, TILE]) {
      context.moveTo(offset, TILE);
      context.lineTo(offset + TILE, 0);
    }
    context.stroke();
  } else {
    context.beginPath();
    context.arc(TILE / 4, TILE / 4, 1.3, 0, Math.PI * 2);
    context.arc((TILE * 3) / 4, (TILE * 3) / 4, 1.3, 0, Math.PI * 2);
    context.fill();
  }
  return context.createPattern(tile, 'repeat') ?? mark.color;
}

function configuration({ categories, series, stacked = false, horizontal = false }: BarChartProps): ChartConfiguration<'bar', number[], string> {
  const grid = { color: '#d5dae0' };
  const valueAxis = { stacked, beginAtZero: true, grid, ticks: { precision: 0 } };
  const categoryAxis = { stacked, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } };
  return {
    type: 'bar',
    data: {
      labels: [...categories],
      datasets: series.map((one) => ({
        label: one.label,
        data: [...one.values],
        backgroundColor: fillOf(one.mark),
        // White lines keep stacked marks apart whatever their colours.
        borderColor: '#ffffff',
        borderWidth: stacked ? 1 : 0,
        maxBarThickness: 48,
      })),
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // Sharp when printed.
      devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
  };
}

export function BarChart(props: BarChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const data = JSON.stringify([props.categories, props.series, props.stacked, props.horizontal]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // The console's own fonts (read here: the style sheet has loaded once a screen shows).
    Chart.defaults.font.family = getComputedStyle(canvas).fontFamily;
    const chart = new Chart(canvas, configuration(props));
    return () => chart.destroy();
  }, [data]);
  // Horizontal charts grow with their bars so names never overlap.
  const height = props.horizontal ? `${Math.max(8, props.categories.length * 2 + 4)}rem` : undefined;
  return (
    <div class={`chart-box${props.horizontal ? ' chart-box-horizontal' : ''}`} style={height ? { height } : undefined}>
      <canvas ref={canvasRef} role="img" aria-label={props.label} />
    </div>
  );
}

/** A legend's sample of a mark, drawn with the chart's own fill. */
export function Swatch({ mark }: { mark: MarkStyle }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    context.fillStyle = fillOf(mark);
    context.fillRect(0, 0, SWATCH.width, SWATCH.height);
  }, [mark.color, mark.pattern]);
  return <canvas ref={canvasRef} class="swatch-mark" width={SWATCH.width} height={SWATCH.height} aria-hidden="true" />;
}
