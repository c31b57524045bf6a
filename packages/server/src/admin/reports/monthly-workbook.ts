/**
 * The monthly report as an XLSX workbook: 概要 (this month beside the previous one, with what each figure
 * means), 日別, よく回答したQA, 評価の低いQA, 分類別 and the questions that went wrong.
 */
import { statisticsTables, TOTAL_FIGURES } from '../statistics/tables.ts';
import type { MonthlyReportReply } from './schema.ts';
import { japanWallClock } from '../../time/japan-time.ts';
import { tablesXlsx, type Cell, type Table } from './spreadsheet.ts';

/** 2026-11 → 2026年11月 */
function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

function overview(report: MonthlyReportReply): Table {
  const now = report.statistics;
  const before = report.previous;
  const difference = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.round((a - b) * 100) / 100);
  const rows: Cell[][] = [
    ...TOTAL_FIGURES.map((f): Cell[] => [f.label, now.totals[f.key], before.totals[f.key], difference(now.totals[f.key], before.totals[f.key]), null, null, null, f.definition]),
    ...now.outcomes.map((o, i): Cell[] => {
      const earlier = before.outcomes[i]!;
      return [o.label, o.count, earlier.count, o.count - earlier.count, o.rate, earlier.rate, o.ofLabel, o.definition];
    }),
  ];
  return {
    name: '概要',
    columns: [
      { header: '項目', width: 28 },
      { header: monthLabel(report.month) },
      { header: `前月（${monthLabel(report.previousMonth)}）` },
      { header: '増減' },
      { header: `割合（${monthLabel(report.month)}）`, format: 'percent' },
      { header: '割合（前月）', format: 'percent' },
      { header: '割合の分母', width: 36 },
      { header: '定義', width: 80 },
    ],
    rows,
  };
}

function unanswered(report: MonthlyReportReply): Table {
  return {
    name: 'うまく答えられなかった質問',
    columns: [
      { header: '質問（個人情報は伏せてあります）', width: 50 },
      { header: '件数' },
      { header: '回答なし' },
      { header: '候補を選ばなかった' },
      { header: '回答直後の言い直し' },
      { header: '解決しなかった' },
      { header: '最後に聞かれた日時', format: 'datetime', width: 20 },
    ],
    rows: report.unanswered.map((q) => [q.question, q.count, q.none, q.candidates, q.rephrased, q.notResolved, japanWallClock(q.lastAt)]),
  };
}

/** @example `reply.send(await monthlyWorkbook(report))` */
export async function monthlyWorkbook(report: MonthlyReportReply): Promise<{ bytes: Buffer; rows: number }> {
  const tables = statisticsTables(report.statistics);
  const sheets = [overview(report), { ...tables.series, name: '日別' }, tables.qas, tables.feedback, tables.categories, unanswered(report)];
  return { bytes: await tablesXlsx(sheets), rows: sheets.reduce((n, t) => n + t.rows.length, 0) };
}
