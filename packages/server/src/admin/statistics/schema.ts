/**
 * The statistics API's shapes (TypeBox): one reply with everything the 統計 screen shows for a range of days,
 * and the queries of its CSV and XLSX downloads. Figures are counts of logged chat turns (store ChatCounts).
 */
import { Type, type Static } from 'typebox';

/** Checked in the handler, so a wrong date gets a message that says what is wrong with it. */
export const DaySchema = Type.String({ minLength: 1, maxLength: 20, description: 'YYYY-MM-DD, a day in Japan; both ends of a range are included.' });

export type StatisticsBucket = 'day' | 'week' | 'month';
const Bucket = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], {
  description: 'The series per day (default), per week (weeks start on Monday) or per month.',
});

export const StatisticsQuery = Type.Object({ from: DaySchema, to: DaySchema, bucket: Type.Optional(Bucket) }, { additionalProperties: false });
export type StatisticsQuery = Static<typeof StatisticsQuery>;

export const StatisticsTableQuery = Type.Object(
  {
    ...StatisticsQuery.properties,
    table: Type.Union(
      [
        Type.Literal('summary'),
        Type.Literal('series'),
        Type.Literal('hours'),
        Type.Literal('qas'),
        Type.Literal('feedback'),
        Type.Literal('categories'),
        Type.Literal('languages'),
        Type.Literal('channels'),
        Type.Literal('pages'),
      ],
      { description: 'Which table: summary, series, hours, qas (most answered), feedback (worst rated first), categories, languages, channels or pages.' },
    ),
  },
  { additionalProperties: false },
);
export type StatisticsTableQuery = Static<typeof StatisticsTableQuery>;
/** The tables of the reply, each one CSV (`table=`) or one XLSX sheet. */
export type StatisticsTable = StatisticsTableQuery['table'];

const Count = Type.Integer({ minimum: 0 });

/** Counts of some turns. `typed` = answered + candidates + none; clicks are in `turns` only. */
const countFields = {
  turns: Type.Integer({ minimum: 0, description: 'Every turn, typed or a click on a candidate, related or menu question.' }),
  typed: Type.Integer({ minimum: 0, description: 'Typed questions.' }),
  answered: Type.Integer({ minimum: 0, description: 'Typed questions answered confidently (one answer shown).' }),
  candidates: Type.Integer({ minimum: 0, description: 'Typed questions answered with 「もしかして」 candidates.' }),
  none: Type.Integer({ minimum: 0, description: 'Typed questions with no answer.' }),
  picked: Type.Integer({ minimum: 0, description: 'Candidate lists after which the citizen picked one.' }),
  rephrased: Type.Integer({ minimum: 0, description: 'Answers the citizen rephrased right after (within 120 seconds).' }),
  resolved: Type.Integer({ minimum: 0, description: '「解決しましたか？」 answered はい.' }),
  notResolved: Type.Integer({ minimum: 0, description: '「解決しましたか？」 answered いいえ.' }),
  sessions: Type.Integer({ minimum: 0, description: 'Conversations that started with these turns.' }),
  averageLatencyMs: Type.Union([Type.Number(), Type.Null()], { description: 'Mean server time per turn, or null without turns.' }),
};
export const CountsView = Type.Object(countFields);
export type CountsView = Static<typeof CountsView>;


/** One honest figure: a count, what it is counted out of, and the rate (null when there is nothing to count out of). */
export const OutcomeFigure = Type.Object({
  key: Type.Union([
    Type.Literal('answered'),
    Type.Literal('candidates'),
    Type.Literal('none'),
    Type.Literal('picked'),
    Type.Literal('rephrased'),
    Type.Literal('resolved'),
    Type.Literal('notResolved'),
  ]),
  /** e.g. 「自信を持って回答」 */
  label: Type.String(),
  count: Count,
  /** The denominator. */
  of: Count,
  /** e.g. 「入力された質問」 */
  ofLabel: Type.String(),
  /** count / of, 0–1, or null when `of` is 0. */
  rate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  /** How the figure is counted, in plain Japanese (shown on screen and in the monthly report). */
  definition: Type.String(),
});
export type OutcomeFigure = Static<typeof OutcomeFigure>;
export type OutcomeKey = OutcomeFigure['key'];

export const StatisticsTotals = Type.Object({
  turns: Count,
  typed: Count,
  /** Clicks on a candidate, related or menu question. */
  clicked: Count,
  sessions: Count,
  /** Widget script loads on city pages. */
  loads: Count,
  /** Chat panel openings. */
  opens: Count,
  /** Answers with 「解決しましたか？」 feedback. */
  feedback: Count,
  averageLatencyMs: Type.Union([Type.Number(), Type.Null()]),
});
export type StatisticsTotals = Static<typeof StatisticsTotals>;

export const StatisticsRange = Type.Object({
  from: Type.String(),
  to: Type.String(),
  bucket: Bucket,
  /** Days in the range, both ends included. */
  days: Count,
});
export type StatisticsRange = Static<typeof StatisticsRange>;

/** One bucket of the series: every bucket of the range is present, zeros included. */
export const SeriesPoint = Type.Object({
  /** The day (YYYY-MM-DD), the week's Monday (YYYY-MM-DD) or the month (YYYY-MM). */
  bucket: Type.String(),
  /** The bucket's first and last day within the range (a week or month may be cut by the range's ends). */
  from: Type.String(),
  to: Type.String(),
  ...countFields,
  loads: Count,
  opens: Count,
});
export type SeriesPoint = Static<typeof SeriesPoint>;

export const HourRow = Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), ...countFields });
export type HourRow = Static<typeof HourRow>;

/** A QA's counts: turns that showed it as the answer (typed or clicked). */
export const QaRow = Type.Object({
  qaId: Type.String(),
  /** The QA's question (working set, else published), or null when the QA no longer exists. */
  question: Type.Union([Type.String(), Type.Null()]),
  ...countFields,
});
export type QaRow = Static<typeof QaRow>;

export const FeedbackQaRow = Type.Object({
  ...QaRow.properties,
  /** resolved + notResolved. */
  feedback: Count,
  /** notResolved / feedback. */
  notResolvedRate: Type.Number({ minimum: 0, maximum: 1 }),
});
export type FeedbackQaRow = Static<typeof FeedbackQaRow>;

/** Counts for one value of a breakdown: a category, a language, a channel or a page; '' when there is none. */
export const BreakdownRow = Type.Object({ value: Type.String(), ...countFields });
export type BreakdownRow = Static<typeof BreakdownRow>;

export const PagesView = Type.Object({
  /** The pages with most turns (at most 20). */
  rows: Type.Array(BreakdownRow),
  /** Every other page together; `pages` says how many. */
  others: Type.Object({ pages: Count, ...countFields }),
});
export type PagesView = Static<typeof PagesView>;

export const StatisticsReply = Type.Object({
  range: StatisticsRange,
  totals: StatisticsTotals,
  /** answered, candidates, none, picked, rephrased, resolved, notResolved: always all seven, in this order. */
  outcomes: Type.Array(OutcomeFigure),
  series: Type.Array(SeriesPoint),
  /** 0–23, all 24. */
  hours: Type.Array(HourRow),
  /** Most answered first (at most 100). */
  topQas: Type.Array(QaRow),
  /** QAs with feedback, highest 「いいえ」 rate first, then most feedback (at most 100). */
  feedbackQas: Type.Array(FeedbackQaRow),
  /** Most turns first; value '' = no category (nothing matched). */
  categories: Type.Array(BreakdownRow),
  /** ja, en, zh, ko, vi. */
  languages: Type.Array(BreakdownRow),
  /** widget, page, api. */
  channels: Type.Array(BreakdownRow),
  pages: PagesView,
});
export type StatisticsReply = Static<typeof StatisticsReply>;
