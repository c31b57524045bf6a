/**
 * The monthly report's shapes (TypeBox): the same content as the XLSX, as JSON for the console's printable page.
 */
import { Type, type Static } from 'typebox';
import { OutcomeFigure, StatisticsRange, StatisticsReply, StatisticsTotals } from '../statistics/schema.ts';

export const MonthlyReportQuery = Type.Object(
  { month: Type.String({ minLength: 1, maxLength: 20, description: 'YYYY-MM, a month in Japan.' }) },
  { additionalProperties: false },
);
export type MonthlyReportQuery = Static<typeof MonthlyReportQuery>;

/** A typed question that went wrong this month, grouped by its exact (masked) text. */
export const UnansweredQuestion = Type.Object({
  question: Type.String(),
  count: Type.Integer(),
  lastAt: Type.String(),
  /** Of `count`: no answer; candidates shown and none picked; answer rephrased right after; feedback いいえ. */
  none: Type.Integer(),
  candidates: Type.Integer(),
  rephrased: Type.Integer(),
  notResolved: Type.Integer(),
});
export type UnansweredQuestion = Static<typeof UnansweredQuestion>;

export const MonthlyReportReply = Type.Object({
  /** YYYY-MM */
  month: Type.String(),
  previousMonth: Type.String(),
  /** The month's statistics, per day. */
  statistics: StatisticsReply,
  /** The previous month's figures, for comparison. */
  previous: Type.Object({ range: StatisticsRange, totals: StatisticsTotals, outcomes: Type.Array(OutcomeFigure) }),
  /** Most frequent first, at most 100; questions staff already dealt with in the improvement list are left out. */
  unanswered: Type.Array(UnansweredQuestion),
});
export type MonthlyReportReply = Static<typeof MonthlyReportReply>;
